/** What the reporter needs from the environment of a run to reach the platform. */
export interface PlatformTarget {
    runId: string;
    token: string;
    /** Without `/v2`, as `APIFY_API_BASE_URL` gives it. */
    baseUrl: string;
}

export const DEFAULT_API_BASE_URL = 'https://api.apify.com';

/**
 * The API of the environment (`APIFY_API_BASE_URL`, else the public API) without trailing slashes
 * or `/v2`: apify-client adds the `/v2` itself.
 */
export function apiBaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
    return (env.APIFY_API_BASE_URL || DEFAULT_API_BASE_URL).replace(/\/+$/, '').replace(/\/v2$/, '');
}

/**
 * Reads the run to report to. Both spellings of the run id are honoured (the SDK reads both;
 * apify-client only `ACTOR_RUN_ID`). Undefined when either the run id or the token is missing:
 * then the run is local and messages go to the log.
 */
export function readPlatformTarget(env: NodeJS.ProcessEnv = process.env): PlatformTarget | undefined {
    const runId = env.ACTOR_RUN_ID || env.APIFY_ACTOR_RUN_ID;
    const token = env.APIFY_TOKEN;
    if (!runId || !token) return undefined;
    return { runId, token, baseUrl: apiBaseUrlFromEnv(env) };
}
