import { ApiError, notFound } from '../errors.js';
import { isHandled, type Lock, type RequestQueue, type StoredRequest } from './request-queue.js';

/** Who asks: the `clientKey` of the call and the run whose token it carries. */
export interface LockCaller {
    clientKey: string | null;
    runId: string | null;
}

/** A request of the locked head, as `POST .../head/lock` lists it. */
interface LockedHeadItem {
    id: string;
    uniqueKey: string;
    url: string;
    method: string;
    retryCount: number;
    lockExpiresAt: string;
}

/** The lock on a request while it holds (a lock past its expiry frees the request). */
export function liveLock(request: StoredRequest, now: number): Lock | undefined {
    const lock = request.lock;
    return lock !== undefined && lock.expiresAt > now && !isHandled(request) ? lock : undefined;
}

/** "You can delete or prolong the lock only for requests that were locked by the same client key or from the same Actor run." */
function owns(lock: Lock, caller: LockCaller): boolean {
    return (
        (lock.clientKey !== null && lock.clientKey === caller.clientKey) ||
        (lock.runId !== null && lock.runId === caller.runId)
    );
}

function lockedByOther(request: StoredRequest, caller: LockCaller, now: number): boolean {
    const lock = liveLock(request, now);
    return lock !== undefined && !owns(lock, caller);
}

function lockConflict(id: string, why: string): ApiError {
    return new ApiError(403, 'request-handled-or-locked', `Request ${id} ${why}`);
}

/**
 * `POST .../head/lock`: the first `limit` pending requests no live lock holds, locked for `lockSecs`
 * for this caller. Requests another client locked are skipped until their lock expires, so two workers
 * never get the same request while a lock holds, and a killed worker's requests come back after it.
 */
export function lockHead(
    queue: RequestQueue,
    caller: LockCaller,
    limit: number,
    lockSecs: number,
    now: number,
): { items: LockedHeadItem[]; queueHasLockedRequests: boolean } {
    const expiresAt = now + lockSecs * 1000;
    const items: LockedHeadItem[] = [];
    let queueHasLockedRequests = false;
    for (const request of queue.pending()) {
        if (liveLock(request, now) !== undefined) {
            queueHasLockedRequests = true;
            continue;
        }
        if (items.length >= limit) continue;
        request.lock = { clientKey: caller.clientKey, runId: caller.runId, expiresAt };
        queueHasLockedRequests = true;
        const { id, uniqueKey, url, method, retryCount } = request.data;
        items.push({
            id,
            uniqueKey,
            url,
            method,
            retryCount: retryCount ?? 0,
            lockExpiresAt: new Date(expiresAt).toISOString(),
        });
    }
    queue.stats.headItemReadCount += items.length;
    return { items, queueHasLockedRequests };
}

function lockable(queue: RequestQueue, id: string, caller: LockCaller, now: number): StoredRequest {
    const request = queue.requests.get(id);
    if (request === undefined) throw notFound('Request');
    if (isHandled(request)) throw lockConflict(id, 'was already handled');
    if (lockedByOther(request, caller, now)) throw lockConflict(id, 'is locked by another client');
    return request;
}

/** `PUT .../requests/:id/lock`: the caller's lock now runs `lockSecs` from now (also when it had expired but nobody took it). */
export function prolongLock(
    queue: RequestQueue,
    id: string,
    caller: LockCaller,
    lockSecs: number,
    forefront: boolean,
    now: number,
): Date {
    const request = lockable(queue, id, caller, now);
    const expiresAt = now + lockSecs * 1000;
    request.lock = { clientKey: caller.clientKey, runId: caller.runId, expiresAt };
    if (forefront) request.order = queue.nextOrder(true);
    return new Date(expiresAt);
}

/** `DELETE .../requests/:id/lock`: frees the request (to the front with `forefront`). No lock is no error. */
export function deleteLock(queue: RequestQueue, id: string, caller: LockCaller, forefront: boolean, now: number): void {
    const request = lockable(queue, id, caller, now);
    request.lock = undefined;
    if (forefront) request.order = queue.nextOrder(true);
}

/** `POST .../requests/unlock`: frees every request this client key, or this run, holds. */
export function unlockAll(queue: RequestQueue, caller: LockCaller, now: number): number {
    let unlocked = 0;
    for (const request of queue.requests.values()) {
        const lock = liveLock(request, now);
        if (lock !== undefined && owns(lock, caller)) {
            request.lock = undefined;
            unlocked += 1;
        }
    }
    return unlocked;
}
