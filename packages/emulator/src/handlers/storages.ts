import { invalidInput } from '../errors.js';
import { data, noContent, type Reply } from '../http/reply.js';
import { type Storage, type StorageRegistry, touch, validateStorageName } from '../platform/storages.js';
import type { Context, Handler } from './context.js';
import { booleanParam, paginated, pagination } from './query.js';
import { requireRun } from './runs.js';

/** Where a storage endpoint finds its storage: a path parameter, or the default storage of `:runId`. */
export interface StorageKind<T extends Storage> {
    registry: (context: Context) => StorageRegistry<T>;
    /** `storeId`, `datasetId` or `queueId`. */
    param: string;
    /** The id of a run's default storage of this kind. */
    defaultOf: (run: ReturnType<typeof requireRun>) => string;
    /** The storage as its GET answers it (a queue's counts as of the lag the platform models). */
    describe: (storage: T, context: Context) => unknown;
}

/** The storage of the path: by id or `username~name`, or the run's default one on `/v2/actor-runs/:runId/...`. */
export function storageOf<T extends Storage>(kind: StorageKind<T>, context: Context): T {
    const registry = kind.registry(context);
    const idOrName = context.params[kind.param];
    const storage = registry.require(idOrName ?? kind.defaultOf(requireRun(context)));
    return storage;
}

/** The five collection and object endpoints every storage kind has. */
export function storageHandlers<T extends Storage>(kind: StorageKind<T>) {
    /** `GET /v2/<kind>`: the user's storages; unnamed ones only with `unnamed=1`. */
    const list: Handler = (context) => {
        const unnamed = booleanParam(context.query, 'unnamed');
        const storages = kind
            .registry(context)
            .list()
            .filter((storage) => unnamed || storage.info.name !== null)
            .map((storage) => kind.describe(storage, context));
        return data(200, paginated(storages, pagination(context.query)));
    };

    /** `POST /v2/<kind>?name=`: the named storage (200), created when new (201); without a name, a new unnamed one. */
    const getOrCreate: Handler = (context) => {
        const registry = kind.registry(context);
        const name = context.query.get('name');
        const owner = context.platform.owner(context.caller);
        if (name === null || name === '') return data(201, kind.describe(registry.create(null, owner), context));
        validateStorageName(name);
        const { storage, created } = registry.getOrCreate(name, owner);
        touch(storage, false);
        return data(created ? 201 : 200, kind.describe(storage, context));
    };

    const get: Handler = (context) => {
        const storage = storageOf(kind, context);
        touch(storage, false);
        return data(200, kind.describe(storage, context));
    };

    /** `PUT /v2/<kind>/:id`: a new `name` (or `null`) and `generalAccess`; other fields are ignored. */
    const update: Handler = (context): Reply => {
        const storage = storageOf(kind, context);
        const json = context.body.parseJson();
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
            throw invalidInput('Request body must be a JSON object');
        }
        const { name, generalAccess } = json as { name?: unknown; generalAccess?: unknown };
        if (name !== undefined) {
            if (name !== null && typeof name !== 'string') throw invalidInput('Field "name" must be a string or null');
            if (typeof name === 'string') validateStorageName(name);
            kind.registry(context).rename(storage, name);
        }
        if (typeof generalAccess === 'string') storage.info.generalAccess = generalAccess;
        return data(200, kind.describe(storage, context));
    };

    const remove: Handler = (context) => {
        kind.registry(context).delete(storageOf(kind, context));
        return noContent();
    };

    return { list, getOrCreate, get, update, remove };
}
