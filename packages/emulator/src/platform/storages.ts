import type { StorageInfo } from '../api-types.js';
import { invalidInput, notFound } from '../errors.js';
import { randomId } from '../ids.js';

/** Who created a storage: the run whose token created it, when there was one. */
export interface StorageOwner {
    userId: string;
    actId: string | null;
    actRunId: string | null;
}

/** A storage record: its API info, kept current by `touch`. */
export interface Storage {
    readonly info: StorageInfo;
}

/** Storage names on the platform: letters, digits and hyphens, at most 63 characters. */
const NAME = /^[a-zA-Z0-9-]{1,63}$/;

export function validateStorageName(name: string): void {
    if (!NAME.test(name)) {
        throw invalidInput(
            `Storage name "${name}" is not valid: use 1 to 63 letters, digits and hyphens (a-z, A-Z, 0-9, -)`,
        );
    }
}

/** Marks a storage read (accessedAt), or written too (modifiedAt). */
export function touch(storage: Storage, modified: boolean): void {
    const now = new Date().toISOString();
    storage.info.accessedAt = now;
    if (modified) storage.info.modifiedAt = now;
}

function newInfo(name: string | null, owner: StorageOwner): StorageInfo {
    const now = new Date().toISOString();
    return {
        id: randomId(),
        name,
        userId: owner.userId,
        createdAt: now,
        modifiedAt: now,
        accessedAt: now,
        actId: owner.actId,
        actRunId: owner.actRunId,
        generalAccess: 'FOLLOW_USER_SETTING',
    };
}

/**
 * The storages of one kind (key-value stores, datasets or request queues): by id, and by name for the
 * named ones. The API finds a storage by its id or by `username~name`.
 */
export class StorageRegistry<T extends Storage> {
    readonly #label: string;
    readonly #username: string;
    readonly #make: (info: StorageInfo) => T;
    readonly #byId = new Map<string, T>();

    /** `label` names the kind in errors ("Key-value store was not found"). */
    constructor(label: string, username: string, make: (info: StorageInfo) => T) {
        this.#label = label;
        this.#username = username;
        this.#make = make;
    }

    get label(): string {
        return this.#label;
    }

    create(name: string | null, owner: StorageOwner): T {
        const storage = this.#make(newInfo(name, owner));
        this.#byId.set(storage.info.id, storage);
        return storage;
    }

    /** `POST /v2/<storages>?name=`: the named storage, created when it does not exist yet. */
    getOrCreate(name: string, owner: StorageOwner): { storage: T; created: boolean } {
        const existing = this.#byName(name);
        if (existing !== undefined) return { storage: existing, created: false };
        return { storage: this.create(name, owner), created: true };
    }

    /** As the API resolves a path parameter: an id, or `username~name`. */
    resolve(idOrName: string): T | undefined {
        const byId = this.#byId.get(idOrName);
        if (byId !== undefined) return byId;
        const tilde = idOrName.indexOf('~');
        if (tilde === -1 || idOrName.slice(0, tilde) !== this.#username) return undefined;
        return this.#byName(idOrName.slice(tilde + 1));
    }

    /** `resolve`, or the API's 404 `record-not-found`. */
    require(idOrName: string): T {
        const storage = this.resolve(idOrName);
        if (storage === undefined) throw notFound(this.#label);
        return storage;
    }

    /** For tests: an id, `username~name`, or a bare name. */
    find(idOrName: string): T | undefined {
        return this.resolve(idOrName) ?? this.#byName(idOrName);
    }

    rename(storage: T, name: string | null): void {
        if (name !== null) {
            const clash = this.#byName(name);
            if (clash !== undefined && clash !== storage) {
                throw invalidInput(`${this.#label} with name "${name}" already exists`);
            }
        }
        storage.info.name = name;
        touch(storage, true);
    }

    delete(storage: T): void {
        this.#byId.delete(storage.info.id);
    }

    list(): T[] {
        return [...this.#byId.values()];
    }

    #byName(name: string): T | undefined {
        for (const storage of this.#byId.values()) if (storage.info.name === name) return storage;
        return undefined;
    }
}
