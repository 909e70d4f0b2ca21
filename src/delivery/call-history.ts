import type { DeliveryError } from './transport.js';

/** How many of the latest calls `slowestRecentMs` looks at. */
const RECENT_CALLS = 5;

/** What is kept for the re-send of the terminal message: the time one call may need to land. */
export const RESEND_RESERVE_MS = 2_000;

/** Failures that say the request never reached the server: it cannot be applied later. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failed call may still be applied by the server: no answer came back (a timeout, a
 * connection reset after the request was written, an unknown error), so the request may be sitting
 * in the server, which applies it whenever it gets to it, whether or not the client is still there.
 * An HTTP answer says it was handled (and refused); a refused connection says it never left.
 */
export function mayLandLater(failure: DeliveryError): boolean {
    return failure.statusCode === undefined && !NEVER_SENT.has(failure.kind);
}

/**
 * When the terminal message is sent a second time after a progress call went unanswered: as late as
 * the terminal deadline allows while keeping `RESEND_RESERVE_MS` (or the request timeout, if shorter)
 * for that call to land. An unanswered call can land at any time the server gets to it; the later the
 * re-send, the more of those it outlasts. Pure; times in ms.
 */
export function resendAt(terminalStartedAt: number, terminalDeadlineMs: number, requestTimeoutMs: number): number {
    return terminalStartedAt + terminalDeadlineMs - Math.min(RESEND_RESERVE_MS, requestTimeoutMs);
}

/** What the publisher remembers about its calls; a few numbers, nothing per message. */
export class CallHistory {
    readonly #recent: number[] = [];
    #progressMayLandLate = false;

    /**
     * Records one call: how long it took until it was answered or given up, and, when it failed,
     * whether it may still land.
     */
    record(durationMs: number, { terminal, failure }: { terminal: boolean; failure?: DeliveryError }): void {
        this.#recent.push(durationMs);
        if (this.#recent.length > RECENT_CALLS) this.#recent.shift();
        if (!terminal && failure && mayLandLater(failure)) this.#progressMayLandLate = true;
    }

    /** The slowest of the latest calls, in ms; undefined before the first one. */
    get slowestRecentMs(): number | undefined {
        return this.#recent.length === 0 ? undefined : Math.max(...this.#recent);
    }

    /** A progress call went unanswered: the server may apply it after the terminal message. */
    get progressMayLandLate(): boolean {
        return this.#progressMayLandLate;
    }
}
