import { ApifyClient } from 'apify';
import { classifyApiError } from '../delivery/apify-transport.js';
import { DEFAULT_API_BASE_URL } from '../delivery/platform-target.js';
import type { RunAnswer } from './child-state.js';

/** The two GETs a parent makes about a child: apify-client with no retries of its own. */
export interface ChildReader {
    /** `GET /v2/actor-runs/:runId`; `undefined` when there is no such run (404). */
    run(runId: string): Promise<RunAnswer | undefined>;
    /** `GET /v2/key-value-stores/:storeId/records/:key`; `undefined` when there is no such record (404). */
    record(storeId: string, key: string): Promise<unknown>;
}

/**
 * A reader with the token and API of the environment (`APIFY_TOKEN`, `APIFY_API_BASE_URL`), or
 * undefined without a token. A run id is not needed: a parent may run on a laptop. `maxRetries: 0`:
 * a missed read only means the last figures stay one interval longer, while apify-client's own
 * retries would pile up GETs on a rate-limited API.
 */
export function childReaderFromEnv(timeoutMs: number, env: NodeJS.ProcessEnv = process.env): ChildReader | undefined {
    const token = env.APIFY_TOKEN;
    if (!token) return undefined;
    const baseUrl = (env.APIFY_API_BASE_URL || DEFAULT_API_BASE_URL).replace(/\/+$/, '').replace(/\/v2$/, '');
    const client = new ApifyClient({ baseUrl, token, maxRetries: 0, timeoutSecs: timeoutMs / 1000 });
    const classified = async <T>(call: () => Promise<T>): Promise<T> => {
        try {
            return await call();
        } catch (error) {
            throw classifyApiError(error);
        }
    };
    return {
        run: (runId) => classified(() => client.run(runId).get()),
        record: (storeId, key) => classified(async () => (await client.keyValueStore(storeId).getRecord(key))?.value),
    };
}
