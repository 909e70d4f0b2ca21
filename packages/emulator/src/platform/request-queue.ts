import { createHash } from 'node:crypto';
import type { QueueRequest, RequestQueueInfo, StorageInfo } from '../api-types.js';
import type { QueueRequestState } from '../storage-types.js';
import type { Storage } from './storages.js';

/** Who holds a request: the client key it was locked with and the run whose token locked it. */
export interface Lock {
    clientKey: string | null;
    runId: string | null;
    expiresAt: number;
}

export interface StoredRequest {
    data: QueueRequest;
    /** When it was added, and since when it is handled (ms, `Date.now()`): for counts that lag. */
    addedAt: number;
    handledSince: number | undefined;
    /** Queue order: forefront requests get ever smaller negative numbers, the others growing positive ones. */
    order: number;
    lock: Lock | undefined;
}

/** A request to add: what the API's `RequestDraft` carries, without an id. */
export interface RequestDraft {
    uniqueKey: string;
    url: string;
    method: string;
    [field: string]: unknown;
}

/** What adding a request reports (the API's `AddedRequest`). */
interface AddResult {
    requestId: string;
    uniqueKey: string;
    wasAlreadyPresent: boolean;
    wasAlreadyHandled: boolean;
}

/**
 * The request id the platform derives from a uniqueKey (the first 15 characters of its SHA-256 in
 * base64 without `+/=`), which is also what Crawlee computes for its caches.
 */
function requestIdFor(uniqueKey: string): string {
    return createHash('sha256').update(uniqueKey).digest('base64').replace(/[+/=]/g, '').slice(0, 15);
}

export function isHandled(request: StoredRequest): boolean {
    return request.data.handledAt !== undefined && request.data.handledAt !== null;
}

/** A request queue: requests by id, their order and locks, and who has used it. */
export class RequestQueue implements Storage {
    readonly info: StorageInfo;
    readonly requests = new Map<string, StoredRequest>();
    readonly stats = { readCount: 0, writeCount: 0, deleteCount: 0, headItemReadCount: 0, storageBytes: 0 };
    readonly #clientKeys = new Set<string>();
    #anonymousClients = 0;
    #lastOrder = 0;
    #firstOrder = 0;

    constructor(info: StorageInfo) {
        this.info = info;
    }

    /**
     * Notes who is calling: a `clientKey`, or none (the API counts each call without one as a new client).
     * Two clients make `hadMultipleClients` true for good.
     */
    noteClient(clientKey: string | null): void {
        if (clientKey === null) this.#anonymousClients += 1;
        else this.#clientKeys.add(clientKey);
    }

    get hadMultipleClients(): boolean {
        return this.#clientKeys.size + this.#anonymousClients > 1;
    }

    get handledCount(): number {
        let handled = 0;
        for (const request of this.requests.values()) if (isHandled(request)) handled += 1;
        return handled;
    }

    /**
     * The queue as `GET /v2/request-queues/:id` answers it. With `asOf`, its counts are those it had
     * then (ms, `Date.now()`): the API's counts lag behind the queue a few seconds.
     */
    describe(asOf?: number): RequestQueueInfo {
        const { total, handled } = asOf === undefined ? this.#countsNow() : this.#countsAsOf(asOf);
        return {
            ...this.info,
            totalRequestCount: total,
            handledRequestCount: handled,
            pendingRequestCount: total - handled,
            hadMultipleClients: this.hadMultipleClients,
            consoleUrl: `https://console.apify.com/storage/request-queues/${this.info.id}`,
            stats: { ...this.stats },
        };
    }

    #countsNow(): { total: number; handled: number } {
        return { total: this.requests.size, handled: this.handledCount };
    }

    #countsAsOf(asOf: number): { total: number; handled: number } {
        let total = 0;
        let handled = 0;
        for (const request of this.requests.values()) {
            if (request.addedAt > asOf) continue;
            total += 1;
            if (request.handledSince !== undefined && request.handledSince <= asOf) handled += 1;
        }
        return { total, handled };
    }

    /** Notes when a request became handled (or pending again), for counts that lag. */
    noteHandledState(request: StoredRequest, now: number): void {
        if (!isHandled(request)) request.handledSince = undefined;
        else request.handledSince ??= now;
    }

    /** Adds a request unless one with its uniqueKey is there (then reports that one). */
    add(request: RequestDraft, forefront: boolean): AddResult {
        const id = requestIdFor(request.uniqueKey);
        const existing = this.requests.get(id);
        if (existing !== undefined) {
            return {
                requestId: id,
                uniqueKey: request.uniqueKey,
                wasAlreadyPresent: true,
                wasAlreadyHandled: isHandled(existing),
            };
        }
        const now = Date.now();
        const stored: StoredRequest = {
            data: { ...request, id },
            order: this.nextOrder(forefront),
            lock: undefined,
            addedAt: now,
            handledSince: undefined,
        };
        this.noteHandledState(stored, now);
        this.requests.set(id, stored);
        this.stats.writeCount += 1;
        // As the API does, a request added already handled still reports wasAlreadyHandled: false.
        return { requestId: id, uniqueKey: request.uniqueKey, wasAlreadyPresent: false, wasAlreadyHandled: false };
    }

    nextOrder(forefront: boolean): number {
        if (forefront) {
            this.#firstOrder -= 1;
            return this.#firstOrder;
        }
        this.#lastOrder += 1;
        return this.#lastOrder;
    }

    /** Pending requests in queue order (locked ones included). */
    pending(): StoredRequest[] {
        return [...this.requests.values()].filter((request) => !isHandled(request)).sort((a, b) => a.order - b.order);
    }

    /** Every request for a test: pending ones first in queue order, then the handled ones. */
    snapshot(now: number): QueueRequestState[] {
        const handled = [...this.requests.values()].filter(isHandled);
        return [...this.pending(), ...handled].map((request) => {
            const state: QueueRequestState = structuredClone(request.data);
            const lock = request.lock;
            if (lock !== undefined && lock.expiresAt > now && !isHandled(request)) {
                state.lock = {
                    clientKey: lock.clientKey,
                    runId: lock.runId,
                    expiresAt: new Date(lock.expiresAt).toISOString(),
                };
            }
            return state;
        });
    }
}
