/**
 * What a test can read of the emulator's storages, without going through HTTP. Types only.
 */
import type { QueueRequest, RequestQueueInfo, StorageInfo } from './api-types.js';

/** A key-value store record as stored. */
export interface StoredRecord {
    key: string;
    /** Parsed JSON for a JSON content type, a string for `text/*`, otherwise the bytes. */
    value: unknown;
    contentType: string;
    raw: Buffer;
}

export interface KeyValueStoreView {
    readonly id: string;
    readonly name: string | null;
    readonly info: StorageInfo;
    keys(): string[];
    getRecord(key: string): StoredRecord | undefined;
}

export interface DatasetView {
    readonly id: string;
    readonly name: string | null;
    readonly itemCount: number;
    /** Every item, in the order pushed (copies). */
    items(): unknown[];
}

/** A queue request with its lock, as a test sees it. */
export interface QueueRequestState extends QueueRequest {
    /** The lock on it, when one holds now. */
    lock?: { clientKey: string | null; runId: string | null; expiresAt: string };
}

export interface RequestQueueView {
    readonly id: string;
    readonly name: string | null;
    /** As `GET /v2/request-queues/:queueId` answers now. */
    readonly info: RequestQueueInfo;
    /** Every request, pending ones first in queue order, then the handled ones (copies). */
    requests(): QueueRequestState[];
}
