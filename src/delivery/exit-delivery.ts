import {
    type ExitResend,
    type ExitTerminalOutcome,
    planExitResend,
    sendTerminalAtExit,
    sendTerminalCopyAtExit,
    type TerminalRecord,
} from './terminal-record.js';
import type { DeliveryError, StatusUpdate, Transport } from './transport.js';

/** What the exit-time delivery needs from the publisher. */
interface ExitDeliveryPort {
    transport: Transport;
    terminalDeadlineMs: number;
    record: TerminalRecord;
    /** Until when a progress call may still land (`Date.now()` time), at `now`; undefined when none may. */
    progressMayLandUntil(now: number): number | undefined;
    onLanded(update: StatusUpdate): void;
    onFailure(failure: DeliveryError, context: { terminal: boolean; attempt: number; willRetry: boolean }): void;
}

/**
 * The terminal message as the process exits under the reporter (the exit hook): its first copy at
 * once, and, when a progress call may land after it, a second copy near the end of the budget, with
 * whatever else the exit writes (the final progress record) in between. Everything synchronous.
 */
export class ExitDelivery {
    readonly #port: ExitDeliveryPort;
    #resend: ExitResend | undefined;
    #until: number | undefined;
    #calls = 0;

    constructor(port: ExitDeliveryPort) {
        this.#port = port;
    }

    /** Calls made at exit. */
    get calls(): number {
        return this.#calls;
    }

    /**
     * The first copy (see `sendTerminalAtExit`), within `budgetMs` and what is left of the terminal
     * deadline; plans the second copy when a progress call is in flight (`inFlight`) or went
     * unanswered recently enough to land after it.
     */
    terminate(budgetMs: number, inFlight: boolean): ExitTerminalOutcome {
        const { record } = this.#port;
        const startedAt = Date.now();
        const outcome = this.#counted(() =>
            sendTerminalAtExit(record, {
                transport: this.#port.transport,
                terminalDeadlineMs: this.#port.terminalDeadlineMs,
                budgetMs,
                onDelivered: (update) => this.#port.onLanded(update),
                onFailure: (failure, context) => this.#port.onFailure(failure, context),
            }),
        );
        const now = Date.now();
        // A call in flight may land at any moment now; one given up may land until its window closes.
        const lateUntil = inFlight ? Number.POSITIVE_INFINITY : this.#port.progressMayLandUntil(now);
        this.#until = Math.min(startedAt + budgetMs, record.startedAt + this.#port.terminalDeadlineMs);
        this.#resend = planExitResend(record, { now, lateUntil, until: this.#until });
        return outcome;
    }

    /** Until when the exit may write other things: the second copy's time when one is due, else the budget's end. */
    get writesUntil(): number | undefined {
        return this.#resend?.at ?? this.#until;
    }

    /** Blocks until the planned second copy is due and sends it; nothing when none is planned. */
    resend(): void {
        const resend = this.#resend;
        this.#resend = undefined;
        if (!resend) return;
        this.#counted(() =>
            sendTerminalCopyAtExit(this.#port.record, resend, this.#port.transport, (update) =>
                this.#port.onLanded(update),
            ),
        );
    }

    #counted<T>(send: () => T): T {
        const before = this.#port.record.attempts;
        try {
            return send();
        } finally {
            this.#calls += this.#port.record.attempts - before;
        }
    }
}
