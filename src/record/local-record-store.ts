import { Actor } from 'apify';
import { DeliveryError } from '../delivery/transport.js';
import type { RecordStore } from './record-store.js';

/**
 * The default key-value store of the local storage (`key_value_stores/default/` under
 * `CRAWLEE_STORAGE_DIR`), through the SDK like any record. Written only once `Actor.init()` has run:
 * opening a store before it would cache the wrong one for the whole run (and make `Actor.init()`
 * refuse to run), so until then writes wait.
 */
export class LocalRecordStore implements RecordStore {
    readonly name = 'local storage';

    ready(): boolean {
        try {
            return Actor.getDefaultInstance().initialized;
        } catch {
            return false;
        }
    }

    async put(key: string, value: unknown): Promise<void> {
        try {
            // No content type: the SDK stores an object as JSON (`PROGRESS.json` locally).
            await Actor.setValue(key, value);
        } catch (error) {
            const text = error instanceof Error ? error.message : String(error);
            throw new DeliveryError(`local storage refused the record: ${text}`, {
                retryable: true,
                kind: 'local-storage',
            });
        }
    }
}
