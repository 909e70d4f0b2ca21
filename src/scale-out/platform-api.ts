import { ApifyClient } from 'apify';
import { classifyApiError } from '../delivery/apify-transport.js';
import { apiBaseUrlFromEnv } from '../delivery/platform-target.js';

/** The calls of several runs' features: made, and their failures worded for the log. */
interface PlatformApi {
    readonly client: ApifyClient;
    /** Runs `call`; a failure rejects with `classifyApiError`'s reason ("API answered 429 ..."). */
    call<T>(call: (client: ApifyClient) => Promise<T>): Promise<T>;
}

/**
 * apify-client with the token and API of the environment (`APIFY_TOKEN`, `APIFY_API_BASE_URL`), or
 * undefined without a token. A run id is not needed: a parent may run on a laptop, and a queue is read
 * by its id. `maxRetries: 0`: a missed read only means the last figures stay one interval longer,
 * while apify-client's own retries of a 429 go on for minutes and would pile up GETs on a
 * rate-limited API.
 */
export function platformApiFromEnv(timeoutMs: number, env: NodeJS.ProcessEnv = process.env): PlatformApi | undefined {
    const token = env.APIFY_TOKEN;
    if (!token) return undefined;
    // The same API as readPlatformTarget() takes.
    const baseUrl = apiBaseUrlFromEnv(env);
    const client = new ApifyClient({ baseUrl, token, maxRetries: 0, timeoutSecs: timeoutMs / 1000 });
    return {
        client,
        async call(call) {
            try {
                return await call(client);
            } catch (error) {
                throw classifyApiError(error);
            }
        },
    };
}
