import { invalidInput } from '../errors.js';
import { data, noContent } from '../http/reply.js';
import { deleteLock, type LockCaller, lockHead, prolongLock, unlockAll } from '../platform/locks.js';
import type { RequestQueue } from '../platform/request-queue.js';
import { touch } from '../platform/storages.js';
import type { Context, Handler } from './context.js';
import { booleanParam, numberParam } from './query.js';
import { clientKeyOf, queueKind } from './request-queues.js';
import { storageOf } from './storages.js';

/** "The number of requests from the queue that should be returned": at most 25 per call. */
const MAX_LOCKED_HEAD = 25;

function callerOf(context: Context, queue: RequestQueue): LockCaller {
    return { clientKey: clientKeyOf(context, queue), runId: context.caller.id };
}

function lockSecsOf(context: Context): number {
    if (context.query.get('lockSecs') === null) throw invalidInput('Query parameter "lockSecs" is required');
    return numberParam(context.query, 'lockSecs', 0, { min: 0 });
}

/**
 * `POST .../head/lock?lockSecs&limit&clientKey`: the first pending requests nobody holds, locked for
 * this client. `queueHasLockedRequests` tells Crawlee whether other clients still hold some.
 */
export const lockQueueHead: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    const caller = callerOf(context, queue);
    const lockSecs = lockSecsOf(context);
    const limit = numberParam(context.query, 'limit', MAX_LOCKED_HEAD, { min: 0, max: MAX_LOCKED_HEAD, integer: true });
    const { items, queueHasLockedRequests } = lockHead(queue, caller, limit, lockSecs, Date.now());
    touch(queue, items.length > 0);
    return data(201, {
        limit,
        lockSecs,
        queueModifiedAt: queue.info.modifiedAt,
        queueHasLockedRequests,
        clientKey: caller.clientKey ?? undefined,
        hadMultipleClients: queue.hadMultipleClients,
        items,
    });
};

/** `PUT .../requests/:requestId/lock?lockSecs&forefront&clientKey`: only by the holder (same client key or run). */
export const prolongRequestLock: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    const caller = callerOf(context, queue);
    const lockSecs = lockSecsOf(context);
    const forefront = booleanParam(context.query, 'forefront');
    const expiresAt = prolongLock(queue, context.params.requestId ?? '', caller, lockSecs, forefront, Date.now());
    return data(200, { lockExpiresAt: expiresAt.toISOString() });
};

/** `DELETE .../requests/:requestId/lock?forefront&clientKey`: only by the holder. */
export const deleteRequestLock: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    const caller = callerOf(context, queue);
    deleteLock(queue, context.params.requestId ?? '', caller, booleanParam(context.query, 'forefront'), Date.now());
    return noContent();
};

/** `POST .../requests/unlock?clientKey`: frees what this client key, or the calling run, holds. */
export const unlockRequests: Handler = (context) => {
    const queue = storageOf(queueKind, context);
    const caller = callerOf(context, queue);
    return data(200, { unlockedCount: unlockAll(queue, caller, Date.now()) });
};
