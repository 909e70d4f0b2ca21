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
    /** It has landed but is due to be sent once more (a progress call may land after it). */
    resendPending: boolean;
}

export function newTerminalRecord(): TerminalRecord {
    return { text: undefined, startedAt: 0, attempts: 0, landed: false, gaveUp: false, resendPending: false };
}

/** What `sendTerminalAtExit` did: 'unsupported' when the transport cannot send synchronously. */
export type ExitTerminalOutcome = 'delivered' | 'failed' | 'already-sent' | 'unsupported';

export interface ExitDeliverySettings {
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
 * - Landed already (and not due again), or given up at its deadline: nothing is sent.
 * - Asked for and still on its way (its call in flight, or waiting to retry), or due again: the same
 *   text is sent with the same flag, as a retry would be. A call still in flight may land too; it
 *   carries the same message, so the Console ends on it either way, and nothing else can follow.
 */
export function sendTerminalAtExit(record: TerminalRecord, settings: ExitDeliverySettings): ExitTerminalOutcome {
    if (record.gaveUp) return 'failed';
    if (record.landed && !record.resendPending) return 'already-sent';
    const { transport } = settings;
    if (!transport.sendSync || record.text === undefined) return 'unsupported';
    record.resendPending = false;
    const giveUp = (error: unknown, attempt: number): ExitTerminalOutcome => {
        // A second copy that fails changes nothing: the first one landed.
        if (record.landed) return 'already-sent';
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
    const firstCopy = !record.landed;
    record.landed = true;
    if (firstCopy) settings.onDelivered(update);
    return firstCopy ? 'delivered' : 'already-sent';
}

/**
 * A progress call that went unanswered (it timed out) may still be applied by the server after the
 * terminal message, leaving the Console on an old, non-terminal message. So the terminal message is
 * sent once more, as late as the deadline allows (`resendAt`): the same text and flag, so whichever
 * copy lands last, the Console ends on it. Resolves when that copy has landed, failed, or was sent at
 * exit meanwhile; never rejects.
 */
export async function resendTerminal(
    record: TerminalRecord,
    settings: { terminalDeadlineMs: number; requestTimeoutMs: number },
    call: (attempt: number, timeoutMs: number) => Promise<void>,
): Promise<void> {
    const { terminalDeadlineMs, requestTimeoutMs } = settings;
    record.resendPending = true;
    const wait = resendAt(record.startedAt, terminalDeadlineMs, requestTimeoutMs) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!record.resendPending) return; // sent at exit meanwhile
    record.resendPending = false;
    const left = record.startedAt + terminalDeadlineMs - Date.now();
    if (left <= 0) return;
    try {
        await call(++record.attempts, Math.min(requestTimeoutMs, left));
    } catch {
        // The first copy landed; this one only guards against a late old message.
    }
}
