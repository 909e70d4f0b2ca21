import type { RunAnswer } from './child-state.js';
import { platformApiFromEnv } from './platform-api.js';

/** The two GETs a parent makes about a child: apify-client with no retries of its own. */
export interface ChildReader {
    /** `GET /v2/actor-runs/:runId`; `undefined` when there is no such run (404). */
    run(runId: string): Promise<RunAnswer | undefined>;
    /** `GET /v2/key-value-stores/:storeId/records/:key`; `undefined` when there is no such record (404). */
    record(storeId: string, key: string): Promise<unknown>;
}

/** A reader with the token and API of the environment, or undefined without a token (see `platformApiFromEnv`). */
export function childReaderFromEnv(timeoutMs: number, env: NodeJS.ProcessEnv = process.env): ChildReader | undefined {
    const api = platformApiFromEnv(timeoutMs, env);
    if (!api) return undefined;
    return {
        run: (runId) => api.call((client) => client.run(runId).get()),
        record: (storeId, key) =>
            api.call(async (client) => (await client.keyValueStore(storeId).getRecord(key))?.value),
    };
}
