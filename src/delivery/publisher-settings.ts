import type { DeliveryError, StatusUpdate, Transport } from './transport.js';

/** What a publisher is made from: its transport, its timing, and the hooks it tells what happened. */
export interface PublisherSettings {
    transport: Transport;
    /** Least spacing between the starts of two progress calls. */
    intervalMs: number;
    requestTimeoutMs: number;
    /** Tries per progress message, the first included. */
    maxAttempts: number;
    /** Longest the terminal message may take, waiting for the call in flight included. */
    terminalDeadlineMs: number;
    maxMessageLength: number;
    /**
     * Removes secrets (the API token) from a text. Every text sent, progress, urgent or terminal,
     * goes through it, before it is cut to length so that no part of a secret survives a cut.
     */
    redact?: (text: string) => string;
    /** The current progress text. Asked only when a call is about to go out, so it is always the latest. */
    render: () => string;
    /** Told of every message the transport accepted, in the order they landed. Must not throw. */
    onDelivered?: (update: StatusUpdate) => void;
    /**
     * Writes the final progress record synchronously as the process exits (the exit sequence's second
     * step, see `ExitDelivery`), blocking until `untilAt` at most; `again` when the terminal message was
     * replaced at exit, so the record must be written again. Must not throw. None: no record at exit.
     */
    finalRecordAtExit?: (untilAt: number, options: { again: boolean }) => void;
    /**
     * Blocks the thread for `ms`: how the exit sequence waits for the moment of the terminal message's
     * second copy. For tests, which pass their fake clock's. Default: `Atomics.wait`.
     */
    sleepBlocking?: (ms: number) => void;
    /** Reports a failure; called for every failure, the caller decides what to log. */
    onFailure: (failure: DeliveryError, context: { terminal: boolean; attempt: number; willRetry: boolean }) => void;
}

/** What happened to the terminal message. */
export type TerminalOutcome = 'delivered' | 'failed' | 'already-sent';

/** Backoff before retry `attempt + 1`: 250 ms, 500 ms, 1 s, 2 s (capped). */
export function retryDelayMs(attempt: number): number {
    return Math.min(2_000, 250 * 2 ** (attempt - 1));
}
