import type { RunRecord } from './run-record.js';

/** Where a run's events websocket listens, on the emulator's port. */
export function eventsPath(runId: string): string {
    return `/v2/actor-runs/${encodeURIComponent(runId)}/events`;
}

/**
 * The environment the platform gives a run (the variables apify 3.7's configuration and Crawlee read),
 * pointed at the emulator. `APIFY_IS_AT_HOME=1`: the SDK uses the API for storages and the websocket
 * for events, as on the platform.
 */
export function runEnv(run: RunRecord, apiUrl: string, userId: string): Record<string, string> {
    const { data } = run;
    const webServerUrl = `http://127.0.0.1:${run.webServerPort}`;
    const env: Record<string, string> = {
        APIFY_IS_AT_HOME: '1',
        ACTOR_RUN_ID: data.id,
        APIFY_ACTOR_RUN_ID: data.id,
        ACTOR_ID: data.actId,
        APIFY_ACTOR_ID: data.actId,
        APIFY_USER_ID: userId,
        APIFY_TOKEN: run.token,
        APIFY_API_BASE_URL: apiUrl,
        APIFY_API_PUBLIC_BASE_URL: apiUrl,
        ACTOR_EVENTS_WEBSOCKET_URL: `${apiUrl.replace(/^http/, 'ws')}${eventsPath(data.id)}`,
        ACTOR_DEFAULT_KEY_VALUE_STORE_ID: data.defaultKeyValueStoreId,
        ACTOR_DEFAULT_DATASET_ID: data.defaultDatasetId,
        ACTOR_DEFAULT_REQUEST_QUEUE_ID: data.defaultRequestQueueId,
        ACTOR_INPUT_KEY: 'INPUT',
        ACTOR_WEB_SERVER_PORT: String(run.webServerPort),
        ACTOR_WEB_SERVER_URL: webServerUrl,
        // The older names; apify 3.7 prefers APIFY_CONTAINER_PORT when both are set, so both agree.
        APIFY_CONTAINER_PORT: String(run.webServerPort),
        APIFY_CONTAINER_URL: webServerUrl,
        ACTOR_MEMORY_MBYTES: String(data.options.memoryMbytes),
        ACTOR_STARTED_AT: data.startedAt,
        ACTOR_BUILD_ID: data.buildId,
        ACTOR_BUILD_NUMBER: data.buildNumber,
        APIFY_HEADLESS: '1',
    };
    // The user's maximum charge for a pay-per-event run, as the platform hands it to the run.
    if (data.options.maxTotalChargeUsd !== undefined) {
        env.ACTOR_MAX_TOTAL_CHARGE_USD = String(data.options.maxTotalChargeUsd);
    }
    if (data.options.timeoutSecs > 0) {
        env.ACTOR_TIMEOUT_AT = new Date(Date.parse(data.startedAt) + data.options.timeoutSecs * 1000).toISOString();
    }
    return env;
}
