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
    /** Writes `value` as JSON under `key`. Rejects with a `DeliveryError` saying whether to try again. */
    put(key: string, value: unknown, options: { timeoutMs: number }): Promise<void>;
}

/** How the writer reports a failed write; the caller logs each kind once. */
export type RecordFailureHandler = (
    failure: DeliveryError,
    context: { final: boolean; attempt: number; willRetry: boolean },
) => void;
