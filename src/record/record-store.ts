import type { DeliveryError } from '../delivery/transport.js';

/**
 * Where the progress record is written: the run's default key-value store, through the API on the
 * platform or the SDK's local storage. A store never retries on its own: the writer owns retries,
 * so that it also owns how many calls a run makes.
 */
export interface RecordStore {
    /** Short name for logs: "Apify API", "local storage". */
    readonly name: string;
    /** False while the store cannot be written yet (locally: before `Actor.init()`). */
    ready(): boolean;
    /**
     * The least spacing, in ms, between the starts of two writes that this store needs, whatever
     * `recordIntervalSecs` says (the final write and a migration's excepted). None when absent.
     */
    readonly minIntervalMs?: number;
    /**
     * A write stays on this machine (local files): it waits for no network, so the final write is
     * made even when the terminal message used up the terminal deadline on a hung API (it gets
     * `LOCAL_FINAL_WRITE_MS` at least). Absent: false.
     */
    readonly writesLocally?: boolean;
    /** Writes `value` as JSON under `key`. Rejects with a `DeliveryError` saying whether to try again. */
    put(key: string, value: unknown, options: { timeoutMs: number }): Promise<void>;
    /**
     * The same, blocking: returns once written, throws a `DeliveryError` when not within
     * `options.timeoutMs`. Only for the moment the process exits under the reporter, when nothing
     * asynchronous can run any more. Optional: without it the record keeps its last write then.
     */
    putSync?(key: string, value: unknown, options: { timeoutMs: number }): void;
}

/** How the writer reports a failed write; the caller logs each kind once. */
export type RecordFailureHandler = (
    failure: DeliveryError,
    context: { final: boolean; attempt: number; willRetry: boolean },
) => void;
