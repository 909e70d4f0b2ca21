import { ApiError, invalidInput, notFound } from '../errors.js';
import { data, noContent, type Reply } from '../http/reply.js';
import { liveLock } from '../platform/locks.js';
import { isHandled, type RequestDraft, type RequestQueue } from '../platform/request-queue.js';
import { touch } from '../platform/storages.js';
import type { Context, Handler } from './context.js';
import { booleanParam, numberParam } from './query.js';
import { type StorageKind, storageHandlers, storageOf } from './storages.js';

/** "The maximum requests in batch is limited to 25." */
const MAX_BATCH = 25;

export const queueKind: StorageKind<RequestQueue> = {
    registry: (context) => context.platform.requestQueues,
    param: 'queueId',
    defaultOf: (run) => run.data.defaultRequestQueueId,
    // The counts as the API answers them: exact, or as they were `queueCountLagMs` ago.
    describe: (queue, context) => queue.describe(context.platform.queueCountsAsOf()),
};

export const requestQueueHandlers = storageHandlers(queueKind);

/** The `clientKey` of a call ("a string between 1 and 32 characters long"), noted as the queue's client. */
export function clientKeyOf(context: Context, queue: RequestQueue): string | null {
    const clientKey = context.query.get('clientKey');
    if (clientKey !== null && (clientKey.length < 1 || clientKey.length > 32)) {
        throw invalidInput(`Query parameter "clientKey" must be 1 to 32 characters long, got ${clientKey.length}`);
    }
    queue.noteClient(clientKey);
    return clientKey;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request to add: an object with a `url`, no `id`; `uniqueKey` defaults to the URL, `method` to GET. */
function draftOf(value: unknown, where: string): RequestDraft {
    if (!isObject(value)) throw invalidInput(`${where} must be a JSON object`);
    if (value.id !== undefined) throw invalidInput(`${where} must not have an "id": the queue gives it one`);
    const { url, uniqueKey, method } = value;
    if (typeof url !== 'string' || url === '') throw invalidInput(`${where} needs a "url" string`);
    const key = typeof uniqueKey === 'string' && uniqueKey !== '' ? uniqueKey : url;
    return { ...value, url, uniqueKey: key, method: typeof method === 'string' ? method : 'GET' };
}

/** `POST .../requests[?forefront]`: added, or the one already there with its uniqueKey. */
export const addRequest: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const result = queue.add(
        draftOf(context.body.parseJson(), 'The request'),
        booleanParam(context.query, 'forefront'),
    );
    touch(queue, !result.wasAlreadyPresent);
    const { requestId, wasAlreadyPresent, wasAlreadyHandled } = result;
    return data(201, { requestId, wasAlreadyPresent, wasAlreadyHandled });
};

/** `POST .../requests/batch`: up to 25 requests; all are processed here, so `unprocessedRequests` is empty. */
export const batchAddRequests: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const json = context.body.parseJson();
    if (!Array.isArray(json) || json.length === 0 || json.length > MAX_BATCH) {
        throw invalidInput(`Request body must be an array of 1 to ${MAX_BATCH} requests`);
    }
    const forefront = booleanParam(context.query, 'forefront');
    const drafts = json.map((value, index) => draftOf(value, `Request at index ${index}`));
    const processedRequests = drafts.map((draft) => queue.add(draft, forefront));
    touch(queue, true);
    return data(201, { processedRequests, unprocessedRequests: [] });
};

function stored(queue: RequestQueue, context: Context) {
    const id = context.params.requestId ?? '';
    const request = queue.requests.get(id);
    if (request === undefined) throw notFound('Request');
    return request;
}

/** `GET .../requests/:requestId`. */
export const getRequest: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    const request = stored(queue, context);
    queue.stats.readCount += 1;
    touch(queue, false);
    return data(200, structuredClone(request.data));
};

/**
 * `PUT .../requests/:requestId[?forefront]`: the request as sent replaces the stored one. A `handledAt`
 * marks it handled (out of the head, its lock gone); without one it stays pending.
 */
export const updateRequest: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const request = stored(queue, context);
    const json = context.body.parseJson();
    if (!isObject(json)) throw invalidInput('Request body must be a JSON object');
    if (json.id !== undefined && json.id !== request.data.id) {
        throw invalidInput(`The request's "id" (${String(json.id)}) is not the one in the path (${request.data.id})`);
    }
    if (json.uniqueKey !== undefined && json.uniqueKey !== request.data.uniqueKey) {
        throw new ApiError(400, 'request-id-invalid', 'Request ID does not correspond to uniqueKey');
    }
    const wasAlreadyHandled = isHandled(request);
    request.data = { ...request.data, ...json, id: request.data.id, uniqueKey: request.data.uniqueKey };
    queue.noteHandledState(request, Date.now());
    if (isHandled(request)) request.lock = undefined;
    else if (booleanParam(context.query, 'forefront')) request.order = queue.nextOrder(true);
    queue.stats.writeCount += 1;
    touch(queue, true);
    return data(200, { requestId: request.data.id, wasAlreadyPresent: true, wasAlreadyHandled });
};

/** `DELETE .../requests/:requestId`. */
export const deleteRequest: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const request = stored(queue, context);
    queue.requests.delete(request.data.id);
    queue.stats.deleteCount += 1;
    touch(queue, true);
    return noContent();
};

/** `DELETE .../requests/batch`: up to 25 requests by `id` or `uniqueKey`; unknown ones are simply not there. */
export const batchDeleteRequests: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const json = context.body.parseJson();
    if (!Array.isArray(json) || json.length === 0 || json.length > MAX_BATCH) {
        throw invalidInput(`Request body must be an array of 1 to ${MAX_BATCH} requests`);
    }
    const processedRequests = json.map((value: unknown) => {
        const { id, uniqueKey } = isObject(value) ? value : {};
        const found = [...queue.requests.values()].find((r) => r.data.id === id || r.data.uniqueKey === uniqueKey);
        if (found !== undefined) queue.requests.delete(found.data.id);
        return { id: found?.data.id ?? id, uniqueKey: found?.data.uniqueKey ?? uniqueKey };
    });
    touch(queue, true);
    return data(200, { processedRequests, unprocessedRequests: [] });
};

/** `GET .../head?limit`: the first pending requests (locked ones too), without locking them. */
export const listHead: Handler = (context): Reply => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const limit = numberParam(context.query, 'limit', 100, { min: 0, integer: true });
    const items = queue
        .pending()
        .slice(0, limit)
        .map(({ data: { id, uniqueKey, url, method, retryCount } }) => ({
            id,
            uniqueKey,
            url,
            method,
            retryCount: retryCount ?? 0,
        }));
    queue.stats.headItemReadCount += items.length;
    touch(queue, false);
    return data(200, {
        limit,
        queueModifiedAt: queue.info.modifiedAt,
        hadMultipleClients: queue.hadMultipleClients,
        items,
    });
};

/** `GET .../requests?limit&cursor&exclusiveStartId&filter`: every request in the order added. */
export const listRequests: Handler = (context): Reply => {
    const queue = storageOf(queueKind, context);
    clientKeyOf(context, queue);
    const { query } = context;
    const limit = numberParam(query, 'limit', 100, { min: 1, max: 10_000, integer: true });
    const cursor = query.get('cursor');
    const startAfter =
        cursor !== null ? Buffer.from(cursor, 'base64url').toString('utf8') : query.get('exclusiveStartId');
    const filters = query.get('filter')?.split(',').filter(Boolean) ?? [];
    const now = Date.now();
    const all = [...queue.requests.values()].filter(
        (request) =>
            (!filters.includes('pending') || !isHandled(request)) &&
            (!filters.includes('locked') || liveLock(request, now) !== undefined),
    );
    const start = startAfter === null ? 0 : all.findIndex((request) => request.data.id === startAfter) + 1;
    const page = all.slice(start, start + limit);
    const last = page.at(-1);
    const more = start + limit < all.length && last !== undefined;
    const result: Record<string, unknown> = { items: page.map((request) => structuredClone(request.data)), limit };
    if (cursor !== null) result.cursor = cursor;
    if (more) result.nextCursor = Buffer.from(last.data.id).toString('base64url');
    touch(queue, false);
    return data(200, result);
};
