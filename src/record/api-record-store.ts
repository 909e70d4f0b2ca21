import { ApifyClient } from 'apify';
import { classifyApiError } from '../delivery/apify-transport.js';
import { type PlatformTarget, readPlatformTarget } from '../delivery/platform-target.js';
import type { RecordStore } from './record-store.js';

/** The run's default key-value store on the platform. */
export interface RecordTarget extends Omit<PlatformTarget, 'runId'> {
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
 * again. A write after a broken connection gets a new client, so a dead socket is never reused.
 */
export class ApiRecordStore implements RecordStore {
    readonly name = 'Apify API';
    readonly #target: RecordTarget;
    #client: ApifyClient | undefined;
    #lastFailureWasConnection = false;

    constructor(target: RecordTarget) {
        this.#target = target;
    }

    ready(): boolean {
        return true;
    }

    async put(key: string, value: unknown, { timeoutMs }: { timeoutMs: number }): Promise<void> {
        if (!this.#client || this.#lastFailureWasConnection) {
            this.#client = new ApifyClient({ baseUrl: this.#target.baseUrl, token: this.#target.token, maxRetries: 0 });
        }
        try {
            await this.#client.keyValueStore(this.#target.storeId).setRecord(
                // Serialised here, compact: the client would pretty-print an object.
                { key, value: JSON.stringify(value), contentType: 'application/json; charset=utf-8' },
                { timeoutSecs: timeoutMs / 1000 },
            );
            this.#lastFailureWasConnection = false;
        } catch (error) {
            const failure = classifyApiError(error);
            this.#lastFailureWasConnection = failure.statusCode === undefined;
            throw failure;
        }
    }
}
