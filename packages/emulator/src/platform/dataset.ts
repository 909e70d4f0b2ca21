import type { StorageInfo } from '../api-types.js';
import type { Storage } from './storages.js';

/** A dataset: items in the order they were pushed. */
export class Dataset implements Storage {
    readonly info: StorageInfo;
    readonly #items: unknown[] = [];

    constructor(info: StorageInfo) {
        this.info = info;
    }

    get itemCount(): number {
        return this.#items.length;
    }

    push(items: readonly unknown[]): void {
        this.#items.push(...items.map((item) => structuredClone(item)));
    }

    /** Copies of the items from `offset`, at most `limit`, newest first with `desc`. */
    slice(offset: number, limit: number, desc: boolean): unknown[] {
        const ordered = desc ? [...this.#items].reverse() : this.#items;
        return ordered.slice(offset, offset + limit).map((item) => structuredClone(item));
    }
}
