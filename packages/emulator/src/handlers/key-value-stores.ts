import { ApiError, notFound } from '../errors.js';
import { data, noContent, type Reply } from '../http/reply.js';
import { type KeyValueStore, RECORD_KEY } from '../platform/key-value-store.js';
import { touch } from '../platform/storages.js';
import type { Context, Handler } from './context.js';
import { numberParam } from './query.js';
import { type StorageKind, storageHandlers, storageOf } from './storages.js';

const kind: StorageKind<KeyValueStore> = {
    registry: (context) => context.platform.keyValueStores,
    param: 'storeId',
    defaultOf: (run) => run.data.defaultKeyValueStoreId,
    describe: (store) => ({
        ...store.info,
        consoleUrl: `https://console.apify.com/storage/key-value-stores/${store.info.id}`,
        stats: { readCount: 0, writeCount: 0, deleteCount: 0, listCount: 0, storageBytes: 0 },
    }),
};

export const keyValueStoreHandlers = storageHandlers(kind);

function recordKey(context: Context): string {
    const key = context.params.recordKey ?? '';
    if (!RECORD_KEY.test(key)) {
        throw new ApiError(
            400,
            'invalid-record-key',
            `Record key "${key}" contains invalid characters: use at most 256 of a-z, A-Z, 0-9 and !-_.'()`,
        );
    }
    return key;
}

/** `GET .../records/:recordKey` (HEAD too): the bytes with the content type they were stored with. */
export const getRecord: Handler = (context) => {
    const store = storageOf(kind, context);
    const record = store.get(recordKey(context));
    if (record === undefined) throw notFound('Record');
    touch(store, false);
    return { type: 'raw', status: 200, raw: record.raw, contentType: record.contentType };
};

/** `HEAD .../records/:recordKey`: 200 when it exists, 404 (no body) when not. */
export const recordExists: Handler = (context) => {
    const record = storageOf(kind, context).get(recordKey(context));
    if (record === undefined) throw notFound('Record');
    return { type: 'empty', status: 200 };
};

/**
 * `PUT` (or `POST`) `.../records/:recordKey`: any body, stored as sent (after undoing `Content-Encoding`:
 * apify-client compresses records of 1 KiB or more), with its `Content-Type`.
 */
export const putRecord: Handler = (context) => {
    const store = storageOf(kind, context);
    const key = recordKey(context);
    store.set(key, context.body.raw, context.body.contentType ?? 'application/octet-stream');
    touch(store, true);
    const location = `${context.apiUrl}/v2/key-value-stores/${store.info.id}/records/${key}`;
    // The reference answers 201 with an empty object, no `data` envelope.
    return { type: 'json', status: 201, json: {}, headers: { Location: location } };
};

export const deleteRecord: Handler = (context) => {
    const store = storageOf(kind, context);
    if (!store.delete(recordKey(context))) throw notFound('Record');
    touch(store, true);
    return noContent();
};

/** `GET .../keys?exclusiveStartKey&limit&prefix`: keys in order, with the cursor for the next page. */
export const listKeys: Handler = (context): Reply => {
    const store = storageOf(kind, context);
    const { query } = context;
    const limit = numberParam(query, 'limit', 1000, { min: 1, max: 1000, integer: true });
    const exclusiveStartKey = query.get('exclusiveStartKey');
    const prefix = query.get('prefix') ?? '';
    const after = store
        .keys()
        .filter(({ key }) => key.startsWith(prefix))
        .filter(({ key }) => exclusiveStartKey === null || key > exclusiveStartKey);
    const items = after.slice(0, limit);
    const isTruncated = after.length > items.length;
    touch(store, false);
    return data(200, {
        items,
        count: items.length,
        limit,
        exclusiveStartKey,
        isTruncated,
        nextExclusiveStartKey: isTruncated ? (items.at(-1)?.key ?? null) : null,
    });
};
