import type { TerminalMessage } from './terminal-message.js';
import { DeliveryError, type StatusUpdate, type Transport } from './transport.js';

/** What the exit sequence did with the terminal message: 'unsupported' when the transport cannot send synchronously. */
export type ExitTerminalOutcome = 'delivered' | 'failed' | 'already-sent' | 'unsupported';

/** Kept at the end of the terminal deadline for the second copy of the terminal message to be sent and land. */
const EXIT_COPY_RESERVE_MS = 500;

/** What the exit sequence needs from the publisher. */
interface ExitDeliveryPort {
    transport: Transport;
    terminalDeadlineMs: number;
    message: TerminalMessage;
    /**
     * Until when a call with a text other than `text` may still land (`Date.now()` time), at `now`:
     * one on the wire, or one given up recently; undefined when none may.
     */
    staleMayLandUntil(now: number, text: string): number | undefined;
    onLanded(update: StatusUpdate): void;
    onFailure(failure: DeliveryError, context: { terminal: boolean; attempt: number; willRetry: boolean }): void;
    /**
     * Writes the final progress record synchronously, blocking until `untilAt` at most; `again` when the
     * terminal message was replaced at exit and the record must say so too. The hook the publisher is given.
     */
    finalRecordAtExit: ((untilAt: number, options: { again: boolean }) => void) | undefined;
    /** Blocks the thread for `ms`. */
    sleepBlocking: (ms: number) => void;
}

/** The second copy of the terminal message at exit: when it is due, and the time it must fit in. */
interface ExitCopy {
    at: number;
    until: number;
}

/**
 * The exit sequence, the one place that knows it, when the process exits under the reporter (the exit
 * hook) and nothing asynchronous can run any more. Everything synchronous:
 *
 * 1. the terminal message's first copy, at once (`sendFirstCopyAtExit`), within the budget;
 * 2. the final progress record, through the hook the publisher is given, only once a copy has landed
 *    (the record says what the Console shows);
 * 3. when a call with another text may land after the first copy (a progress call on the wire, or one
 *    given up recently), a second copy once that call can no longer land: a call on the wire is taken
 *    to land within the request timeout after it went out. This one may outlast the budget, never the
 *    terminal deadline.
 */
export class ExitDelivery {
    readonly #port: ExitDeliveryPort;
    #calls = 0;

    constructor(port: ExitDeliveryPort) {
        this.#port = port;
    }

    /** Calls made at exit. */
    get calls(): number {
        return this.#calls;
    }

    /**
     * Runs the sequence for the terminal message asked for last, holding the exit for the first copy
     * and the record for at most `budgetMs`. `again`: it replaced one that had landed (the record is
     * written again too). Never throws.
     */
    deliver(budgetMs: number, { again }: { again: boolean }): ExitTerminalOutcome {
        const { message } = this.#port;
        // The process is exiting: a second copy planned for later goes now or never.
        message.secondCopy?.abort();
        message.secondCopy = undefined;
        const deadlineEnd = message.startedAt + this.#port.terminalDeadlineMs;
        const budgetEnd = Math.min(Date.now() + budgetMs, deadlineEnd);
        const outcome = this.#counted(() => this.#firstCopy(budgetEnd));
        if (outcome !== 'delivered' && outcome !== 'already-sent') return outcome;
        const now = Date.now();
        const copy = planExitCopy(now, this.#port.staleMayLandUntil(now, message.text ?? ''), deadlineEnd);
        const recordUntil = Math.min(deadlineEnd, Math.max(budgetEnd, copy?.at ?? 0));
        if (recordUntil > Date.now()) this.#port.finalRecordAtExit?.(recordUntil, { again });
        if (copy) this.#counted(() => this.#secondCopy(copy));
        return outcome;
    }

    /**
     * The first copy, unless one has landed or it was given up at its deadline. Asked for and still on
     * its way (its call in flight, waiting to retry, or waiting for a progress call): the same text is
     * sent with the same flag, as a retry would be; its own call in flight may land too, the same message.
     */
    #firstCopy(budgetEnd: number): ExitTerminalOutcome {
        const { message, transport } = this.#port;
        if (message.gaveUp) return 'failed';
        if (message.landed) return 'already-sent';
        if (!transport.sendSync || message.text === undefined) return 'unsupported';
        const timeoutMs = budgetEnd - Date.now();
        if (timeoutMs <= 0) {
            const failure = new DeliveryError('no time left within the terminal deadline', {
                retryable: false,
                kind: 'deadline',
            });
            return this.#giveUp(failure, message.attempts);
        }
        const attempt = ++message.attempts;
        const update: StatusUpdate = { statusMessage: message.text, isStatusMessageTerminal: true };
        try {
            transport.sendSync(update, { timeoutMs, attempt });
        } catch (error) {
            const failure =
                error instanceof DeliveryError
                    ? error
                    : new DeliveryError(String(error), { retryable: false, kind: 'transport-error' });
            return this.#giveUp(failure, attempt);
        }
        message.landed = true;
        this.#port.onLanded(update);
        return 'delivered';
    }

    #giveUp(failure: DeliveryError, attempt: number): ExitTerminalOutcome {
        this.#port.message.gaveUp = true;
        this.#port.onFailure(failure, { terminal: true, attempt, willRetry: false });
        return 'failed';
    }

    /** Blocks until the second copy is due, then sends the same text and flag; a failure changes nothing. */
    #secondCopy(copy: ExitCopy): void {
        const { message, transport } = this.#port;
        if (!transport.sendSync || message.text === undefined) return;
        this.#port.sleepBlocking(copy.at - Date.now());
        const timeoutMs = copy.until - Date.now();
        if (timeoutMs <= 0) return;
        const update: StatusUpdate = { statusMessage: message.text, isStatusMessageTerminal: true };
        try {
            transport.sendSync(update, { timeoutMs, attempt: ++message.attempts });
        } catch {
            return;
        }
        this.#port.onLanded(update);
    }

    #counted<T>(send: () => T): T {
        const before = this.#port.message.attempts;
        try {
            return send();
        } finally {
            this.#calls += Math.max(0, this.#port.message.attempts - before);
        }
    }
}

/**
 * When the second copy goes at exit: once the stale call can no longer land (`lateUntil`), but no
 * later than the terminal deadline allows, keeping `EXIT_COPY_RESERVE_MS` for the copy itself.
 * Undefined when no call may land after the first copy. Pure; times in ms.
 */
export function planExitCopy(now: number, lateUntil: number | undefined, deadlineEnd: number): ExitCopy | undefined {
    if (lateUntil === undefined) return undefined;
    const at = Math.max(now, Math.min(lateUntil, deadlineEnd - EXIT_COPY_RESERVE_MS));
    return at < deadlineEnd ? { at, until: deadlineEnd } : undefined;
}
