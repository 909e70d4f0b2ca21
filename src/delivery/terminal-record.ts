import { sleepBlocking } from './blocking-put.js';
import { resendAt } from './call-history.js';
import { DeliveryError, type StatusUpdate, type Transport } from './transport.js';

/** What the publisher knows about its terminal message: shared by its async and its exit-time delivery. */
export interface TerminalRecord {
    /** The text as it goes out; undefined until the terminal message is asked for. */
    text: string | undefined;
    /** When it was asked for (`Date.now()`): the terminal deadline counts from here. */
    startedAt: number;
    /** Calls made for it so far. */
    attempts: number;
    /** Its first copy has landed. */
    landed: boolean;
    /** It was given up at its deadline. */
    gaveUp: boolean;
    /** It has landed and its second copy waits for its time (a progress call may land after the first). */
    resendPending: boolean;
}

export function newTerminalRecord(): TerminalRecord {
    return { text: undefined, startedAt: 0, attempts: 0, landed: false, gaveUp: false, resendPending: false };
}

/** What `sendTerminalAtExit` did: 'unsupported' when the transport cannot send synchronously. */
export type ExitTerminalOutcome = 'delivered' | 'failed' | 'already-sent' | 'unsupported';

interface ExitDeliverySettings {
    transport: Transport;
    terminalDeadlineMs: number;
    /** The most this may block. */
    budgetMs: number;
    onDelivered: (update: StatusUpdate) => void;
    onFailure: (failure: DeliveryError, context: { terminal: boolean; attempt: number; willRetry: boolean }) => void;
}

/**
 * The terminal message, delivered synchronously as the process exits under the reporter (a direct
 * `process.exit()`), when nothing asynchronous can run any more: blocks for at most `budgetMs`, and
 * never past what is left of the terminal deadline. `record.text` must be set (the caller sets it when
 * no terminal message was asked for before).
 *
 * - Landed already, or given up at its deadline: nothing is sent.
 * - Asked for and still on its way (its call in flight, or waiting to retry, or waiting for a progress
 *   call in flight): the same text is sent with the same flag, as a retry would be. Its own call in
 *   flight may land too, with the same message. A progress call in flight may land after it: the
 *   caller plans a second copy for that (`planExitResend`).
 */
export function sendTerminalAtExit(record: TerminalRecord, settings: ExitDeliverySettings): ExitTerminalOutcome {
    if (record.gaveUp) return 'failed';
    if (record.landed) return 'already-sent';
    const { transport } = settings;
    if (!transport.sendSync || record.text === undefined) return 'unsupported';
    const giveUp = (error: unknown, attempt: number): ExitTerminalOutcome => {
        record.gaveUp = true;
        const failure =
            error instanceof DeliveryError
                ? error
                : new DeliveryError(String(error), { retryable: false, kind: 'transport-error' });
        settings.onFailure(failure, { terminal: true, attempt, willRetry: false });
        return 'failed';
    };
    const timeoutMs = Math.min(settings.budgetMs, record.startedAt + settings.terminalDeadlineMs - Date.now());
    if (timeoutMs <= 0) {
        const failure = new DeliveryError('no time left within the terminal deadline', {
            retryable: false,
            kind: 'deadline',
        });
        return giveUp(failure, record.attempts);
    }
    const attempt = ++record.attempts;
    const update: StatusUpdate = { statusMessage: record.text, isStatusMessageTerminal: true };
    try {
        transport.sendSync(update, { timeoutMs, attempt });
    } catch (error) {
        return giveUp(error, attempt);
    }
    record.landed = true;
    settings.onDelivered(update);
    return 'delivered';
}

/** Kept at the end of the exit budget for the second copy of the terminal message to be sent and land. */
const EXIT_RESEND_RESERVE_MS = 500;

/** The second copy of the terminal message at exit: when it is due, and the time it must fit in. */
export interface ExitResend {
    at: number;
    until: number;
}

/**
 * Whether the terminal message needs a second copy at exit, and when: only when a copy has landed and
 * a progress call may still land after it (`lateUntil`: one in flight, or one that went unanswered
 * not long ago). It goes once that call can no longer land, or near the end of the budget (`until`),
 * whichever is first, keeping `EXIT_RESEND_RESERVE_MS` for itself. Cancels the asynchronous second
 * copy: the process is exiting, this one takes its place. Pure but for that flag; times in ms.
 */
export function planExitResend(
    record: TerminalRecord,
    { now, lateUntil, until }: { now: number; lateUntil: number | undefined; until: number },
): ExitResend | undefined {
    record.resendPending = false;
    if (!record.landed || lateUntil === undefined) return undefined;
    const at = Math.max(now, Math.min(lateUntil, until - EXIT_RESEND_RESERVE_MS));
    return at < until ? { at, until } : undefined;
}

/**
 * Sends the planned second copy at exit: blocks until it is due, then sends the same text and flag
 * within what is left of the budget. A copy that fails changes nothing: the first one landed.
 */
export function sendTerminalCopyAtExit(
    record: TerminalRecord,
    resend: ExitResend,
    transport: Transport,
    onDelivered: (update: StatusUpdate) => void,
): void {
    if (!transport.sendSync || record.text === undefined) return;
    sleepBlocking(resend.at - Date.now());
    const timeoutMs = resend.until - Date.now();
    if (timeoutMs <= 0) return;
    const update: StatusUpdate = { statusMessage: record.text, isStatusMessageTerminal: true };
    try {
        transport.sendSync(update, { timeoutMs, attempt: ++record.attempts });
    } catch {
        return;
    }
    onDelivered(update);
}

/**
 * A progress call that went unanswered (it timed out) may still be applied by the server after the
 * terminal message, leaving the Console on an old, non-terminal message. So the terminal message is
 * sent once more, once that call can no longer land (`lateUntil`), and never later than the deadline
 * allows (`resendAt`): the same text and flag, so whichever copy lands last, the Console ends on it.
 * Resolves when that copy has landed, failed, or was taken over at exit meanwhile; never rejects.
 */
export async function resendTerminal(
    record: TerminalRecord,
    settings: { terminalDeadlineMs: number; requestTimeoutMs: number },
    lateUntil: number,
    call: (attempt: number, timeoutMs: number) => Promise<void>,
): Promise<void> {
    const { terminalDeadlineMs, requestTimeoutMs } = settings;
    record.resendPending = true;
    const wait = resendAt(record.startedAt, terminalDeadlineMs, requestTimeoutMs, lateUntil) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!record.resendPending) return; // the process is exiting: the exit hook sends it
    record.resendPending = false;
    const left = record.startedAt + terminalDeadlineMs - Date.now();
    if (left <= 0) return;
    try {
        await call(++record.attempts, Math.min(requestTimeoutMs, left));
    } catch {
        // The first copy landed; this one only guards against a late old message.
    }
}
