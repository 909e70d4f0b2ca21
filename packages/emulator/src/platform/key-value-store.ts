import type { StorageInfo } from '../api-types.js';
import type { StoredRecord } from '../storage-types.js';
import type { Storage } from './storages.js';

interface Entry {
    raw: Buffer;
    contentType: string;
}

/** Record keys on the platform: at most 256 of `a-zA-Z0-9!-_.'()`. */
export const RECORD_KEY = /^[a-zA-Z0-9!\-_.'()]{1,256}$/;

/** What a stored value reads as: JSON parsed, text as a string, anything else as bytes. */
function readValue(raw: Buffer, contentType: string): unknown {
    const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type === 'application/json' || type.endsWith('+json')) {
        try {
            return JSON.parse(raw.toString('utf8'));
        } catch {
            return raw.toString('utf8');
        }
    }
    return type.startsWith('text/') ? raw.toString('utf8') : raw;
}

/** A key-value store: records as the bytes and content type they were stored with. */
export class KeyValueStore implements Storage {
    readonly info: StorageInfo;
    readonly #records = new Map<string, Entry>();

    constructor(info: StorageInfo) {
        this.info = info;
    }

    set(key: string, raw: Buffer, contentType: string): void {
        this.#records.set(key, { raw, contentType });
    }

    get(key: string): StoredRecord | undefined {
        const entry = this.#records.get(key);
        if (entry === undefined) return undefined;
        return { key, raw: entry.raw, contentType: entry.contentType, value: readValue(entry.raw, entry.contentType) };
    }

    delete(key: string): boolean {
        return this.#records.delete(key);
    }

    /** Keys in sorted order, as the API lists them, with their sizes. */
    keys(): { key: string; size: number }[] {
        return [...this.#records.entries()]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, entry]) => ({ key, size: entry.raw.length }));
    }
}
