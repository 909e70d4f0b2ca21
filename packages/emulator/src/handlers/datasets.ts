import { ApiError, invalidInput } from '../errors.js';
import type { Reply } from '../http/reply.js';
import type { Dataset } from '../platform/dataset.js';
import { chargeDatasetItems } from '../platform/pricing.js';
import { touch } from '../platform/storages.js';
import type { Handler } from './context.js';
import { booleanParam, numberParam } from './query.js';
import { type StorageKind, storageHandlers, storageOf } from './storages.js';

/** What `limit` means when it is left out: every item (the API answers this number in the header). */
const NO_LIMIT = 999_999_999_999;

const kind: StorageKind<Dataset> = {
    registry: (context) => context.platform.datasets,
    param: 'datasetId',
    defaultOf: (run) => run.data.defaultDatasetId,
    describe: (dataset) => ({
        ...dataset.info,
        itemCount: dataset.itemCount,
        cleanItemCount: dataset.itemCount,
        fields: [],
        consoleUrl: `https://console.apify.com/storage/datasets/${dataset.info.id}`,
        stats: { readCount: 0, writeCount: 0, storageBytes: 0 },
    }),
};

export const datasetHandlers = storageHandlers(kind);

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `POST .../items`: one object or an array of objects, appended in order. */
export const pushItems: Handler = (context) => {
    const dataset = storageOf(kind, context);
    const json = context.body.parseJson();
    const items = Array.isArray(json) ? json : [json];
    const bad = items.findIndex((item) => !isObject(item));
    if (json === undefined || bad !== -1) {
        throw invalidInput(
            json === undefined
                ? 'Request body must be a JSON object or an array of objects'
                : `Item at index ${bad} is not a JSON object`,
        );
    }
    dataset.push(items);
    touch(dataset, true);
    const owner = dataset.info.actRunId === null ? undefined : context.platform.run(dataset.info.actRunId);
    chargeDatasetItems(owner?.data, dataset.info.id, items.length);
    // The reference (dataset_items_post) answers 201 with an empty object, no `data` envelope, as a record PUT.
    return {
        type: 'json',
        status: 201,
        json: {},
        headers: { Location: `${context.apiUrl}/v2/datasets/${dataset.info.id}/items` },
    };
};

function pick(item: Record<string, unknown>, fields: readonly string[] | undefined, omit: readonly string[]) {
    const entries = Object.entries(item).filter(
        ([key]) => (fields === undefined || fields.includes(key)) && !omit.includes(key),
    );
    return Object.fromEntries(entries);
}

/**
 * `GET .../items` (HEAD too): JSON only, with `offset`, `limit`, `desc`, `fields`, `omit` and
 * `skipEmpty`/`clean`, and the pagination headers apify-client reads. Other formats answer 501.
 */
export const listItems: Handler = (context): Reply => {
    const dataset = storageOf(kind, context);
    const { query } = context;
    const format = query.get('format') ?? 'json';
    if (format !== 'json') {
        throw new ApiError(
            501,
            'not-implemented',
            `The platform emulator serves dataset items only as JSON, not "${format}"`,
        );
    }
    const offset = numberParam(query, 'offset', 0, { integer: true });
    const limit = numberParam(query, 'limit', NO_LIMIT, { integer: true });
    const desc = booleanParam(query, 'desc');
    const fields = query.get('fields')?.split(',').filter(Boolean);
    const omit = query.get('omit')?.split(',').filter(Boolean) ?? [];
    const skipEmpty = booleanParam(query, 'skipEmpty') || booleanParam(query, 'clean');
    const items = dataset
        .slice(offset, limit, desc)
        .map((item) => pick(item as Record<string, unknown>, fields, omit))
        .filter((item) => !skipEmpty || Object.keys(item).length > 0);
    touch(dataset, false);
    return {
        type: 'json',
        status: 200,
        json: items,
        headers: {
            'X-Apify-Pagination-Offset': String(offset),
            'X-Apify-Pagination-Limit': String(limit),
            'X-Apify-Pagination-Count': String(items.length),
            'X-Apify-Pagination-Total': String(dataset.itemCount),
            'X-Apify-Pagination-Desc': String(desc),
        },
    };
};
