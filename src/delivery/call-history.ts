import type { DeliveryError } from './transport.js';

/** How many of the latest calls `slowestRecentMs` looks at. */
const RECENT_CALLS = 5;

/** What is kept for the re-send of the terminal message: the time one call may need to land. */
const RESEND_RESERVE_MS = 2_000;

/**
 * How long after its client gave up an unanswered call is still taken to be able to land: one more
 * request timeout (a server as slow as the one that timed it out) and this margin on top.
 */
export const LATE_LANDING_MARGIN_MS = 1_000;

/** Failures that say the request never reached the server: it cannot be applied later. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failed call may still be applied by the server: no answer came back (a timeout, a
 * connection reset after the request was written, an unknown error), so the request may be sitting
 * in the server, which applies it whenever it gets to it, whether or not the client is still there.
 * An HTTP answer says it was handled (and refused); a refused connection says it never left.
 */
function mayLandLater(failure: DeliveryError): boolean {
    return failure.statusCode === undefined && !NEVER_SENT.has(failure.kind);
}

/**
 * When the terminal message is sent a second time, given that an unanswered progress call may land
 * until `lateUntil`: once that call can no longer land, but never later than the terminal deadline
 * allows while keeping `RESEND_RESERVE_MS` (or the request timeout, if shorter) for the copy itself
 * to land. Pure; times in ms.
 */
export function resendAt(
    terminalStartedAt: number,
    terminalDeadlineMs: number,
    requestTimeoutMs: number,
    lateUntil: number,
): number {
    const latest = terminalStartedAt + terminalDeadlineMs - Math.min(RESEND_RESERVE_MS, requestTimeoutMs);
    return Math.min(lateUntil, latest);
}

/** What the publisher remembers about its calls; a few numbers, nothing per message. */
export class CallHistory {
    readonly #recent: number[] = [];
    /** How long an unanswered call stays able to land after it was given up. */
    readonly #lateWindowMs: number;
    /** Until when an unanswered progress call may still be applied by the server (ms, `Date.now()` time). */
    #progressLateUntil = Number.NEGATIVE_INFINITY;
    /** The same for an unanswered terminal call, with its text: stale only once another text replaced it. */
    #terminalLate: { text: string; until: number } | undefined;

    constructor(requestTimeoutMs: number) {
        this.#lateWindowMs = requestTimeoutMs + LATE_LANDING_MARGIN_MS;
    }

    /**
     * Records one call of `text`, ended (answered or given up) at `endedAt`: how long it took, and,
     * when it failed, whether it may still land.
     */
    record(
        durationMs: number,
        {
            text,
            terminal,
            failure,
            endedAt,
        }: { text: string; terminal: boolean; failure?: DeliveryError; endedAt: number },
    ): void {
        this.#recent.push(durationMs);
        if (this.#recent.length > RECENT_CALLS) this.#recent.shift();
        if (!failure || !mayLandLater(failure)) return;
        const until = endedAt + this.#lateWindowMs;
        if (!terminal) this.#progressLateUntil = Math.max(this.#progressLateUntil, until);
        else this.#terminalLate = { text, until: Math.max(until, this.#terminalLate?.until ?? until) };
    }

    /** The slowest of the latest calls, in ms; undefined before the first one. */
    get slowestRecentMs(): number | undefined {
        return this.#recent.length === 0 ? undefined : Math.max(...this.#recent);
    }

    /**
     * Until when a call that went unanswered with a text other than `text` (every progress call, a
     * terminal message that `text` replaced) may still be applied by the server, after the terminal
     * message `text`; undefined when none may any more at `now` (a timeout long ago no longer counts).
     */
    staleMayLandUntil(now: number, text: string): number | undefined {
        const terminal = this.#terminalLate && this.#terminalLate.text !== text ? this.#terminalLate.until : undefined;
        const until = Math.max(this.#progressLateUntil, terminal ?? Number.NEGATIVE_INFINITY);
        return until > now ? until : undefined;
    }
}
