import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Actor } from 'apify';
import { DeliveryError } from '../delivery/transport.js';
import type { RecordStore } from './record-store.js';

/** What the SDK's local storage client (Crawlee's MemoryStorage) says about where it keeps files. */
interface LocalStorageClient {
    keyValueStoresDirectory?: unknown;
    persistStorage?: unknown;
}

/**
 * The file the local storage keeps `key` of the default store in: MemoryStorage writes an object as
 * `<storage dir>/key_value_stores/<default store>/<key>.json`. Undefined when the storage keeps
 * nothing on disk (or is not MemoryStorage).
 */
function localRecordFile(key: string): string | undefined {
    try {
        const client = Actor.config.getStorageClient() as LocalStorageClient;
        const directory = client.keyValueStoresDirectory;
        if (typeof directory !== 'string' || client.persistStorage === false) return undefined;
        const store = Actor.config.get('defaultKeyValueStoreId') ?? 'default';
        return join(directory, String(store), `${key}.json`);
    } catch {
        return undefined;
    }
}

/**
 * The default key-value store of the local storage (`key_value_stores/default/` under
 * `CRAWLEE_STORAGE_DIR`), through the SDK like any record. Written only once `Actor.init()` has run:
 * opening a store before it would cache the wrong one for the whole run (and make `Actor.init()`
 * refuse to run), so until then writes wait.
 */
export class LocalRecordStore implements RecordStore {
    readonly name = 'local storage';
    readonly writesLocally = true;

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

    /**
     * At process exit: the same record, written to its file synchronously, as the SDK writes it
     * (pretty-printed JSON).
     */
    putSync(key: string, value: unknown): void {
        const file = localRecordFile(key);
        if (!file) {
            throw new DeliveryError(`the local storage keeps no files for ${key}`, {
                retryable: false,
                kind: 'local-storage',
            });
        }
        try {
            // Its folder may not be there yet: MemoryStorage writes in the background, the first write may still be on its way.
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, JSON.stringify(value, null, 2));
        } catch (error) {
            const text = error instanceof Error ? error.message : String(error);
            throw new DeliveryError(`could not write ${file}: ${text}`, { retryable: false, kind: 'local-storage' });
        }
    }
}
