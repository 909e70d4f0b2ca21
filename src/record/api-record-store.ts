import { ApiClients, apiPathId } from '../delivery/api-clients.js';
import { API_MIN_INTERVAL_MS } from '../delivery/apify-transport.js';
import { putBlockingOrThrow } from '../delivery/blocking-put.js';
import { type PlatformTarget, readPlatformTarget } from '../delivery/platform-target.js';
import type { RecordStore } from './record-store.js';

/** The run's default key-value store on the platform. */
interface RecordTarget extends Omit<PlatformTarget, 'runId'> {
    storeId: string;
}

/**
 * The store to write to on the platform: the run's token and API, and its default key-value store
 * (`ACTOR_DEFAULT_KEY_VALUE_STORE_ID`). Undefined when any of them is missing: then the record is
 * written to the local storage.
 */
export function readRecordTarget(env: NodeJS.ProcessEnv = process.env): RecordTarget | undefined {
    const platform = readPlatformTarget(env);
    // Both spellings, as the SDK reads them.
    const storeId = env.ACTOR_DEFAULT_KEY_VALUE_STORE_ID || env.APIFY_DEFAULT_KEY_VALUE_STORE_ID;
    if (!platform || !storeId) return undefined;
    return { token: platform.token, baseUrl: platform.baseUrl, storeId };
}

/**
 * One `PUT /v2/key-value-stores/:id/records/:key` per write through apify-client, told not to retry
 * (`maxRetries: 0`): the client's own retries run for minutes, and the writer decides when to try
 * again (see `ApiClients`).
 */
export class ApiRecordStore implements RecordStore {
    readonly name = 'Apify API';
    /**
     * About one write a second at most, whatever `recordIntervalSecs` says: each write is a paid API
     * call, and nobody reads a record faster. The same floor as the status message's.
     */
    readonly minIntervalMs = API_MIN_INTERVAL_MS;
    readonly #target: RecordTarget;
    readonly #clients: ApiClients;

    constructor(target: RecordTarget) {
        this.#target = target;
        this.#clients = new ApiClients(target);
    }

    ready(): boolean {
        return true;
    }

    async put(key: string, value: unknown, { timeoutMs }: { timeoutMs: number }): Promise<void> {
        await this.#clients.write((client) =>
            client.keyValueStore(this.#target.storeId).setRecord(
                // Serialised here, compact: the client would pretty-print an object.
                { key, value: JSON.stringify(value), contentType: 'application/json; charset=utf-8' },
                { timeoutSecs: timeoutMs / 1000 },
            ),
        );
    }

    /** The same PUT, made by a worker thread while this one blocks (see `putBlocking`): for the exit hook. */
    putSync(key: string, value: unknown, { timeoutMs }: { timeoutMs: number }): void {
        const { baseUrl, storeId, token } = this.#target;
        putBlockingOrThrow(
            {
                url: `${baseUrl}/v2/key-value-stores/${apiPathId(storeId)}/records/${encodeURIComponent(key)}`,
                token,
                body: JSON.stringify(value),
            },
            timeoutMs,
        );
    }
}
