import { pause } from '../shared/pause.js';
import { resendAt } from './call-history.js';
import type { TerminalOutcome } from './publisher-settings.js';
import { asDeliveryError, DeliveryError } from './transport.js';

/**
 * Where the run's terminal message stands: shared by its delivery with retries (`deliverTerminal`)
 * and its delivery at process exit (`ExitDelivery`), which may take over from each other.
 */
export interface TerminalMessage {
    /** The text as it goes out; undefined until the terminal message is asked for. */
    text: string | undefined;
    /**
     * Counts the texts asked for: a terminal message may be replaced once by the run's real ending
     * (see `Publisher.terminate`), and a delivery of a replaced text must no longer touch this state.
     */
    generation: number;
    /** When this text was asked for (`Date.now()`): its terminal deadline counts from here. */
    startedAt: number;
    /** Calls made for this text so far. */
    attempts: number;
    /** A copy of this text has landed. */
    landed: boolean;
    /** This text was given up at its deadline. */
    gaveUp: boolean;
    /** Calls off the wait for the second copy (the process exits, or the text is replaced). */
    secondCopy: AbortController | undefined;
    /** Fires when this text is replaced: its delivery stops waiting to retry. */
    replaced: AbortController;
}

export function newTerminalMessage(): TerminalMessage {
    return {
        text: undefined,
        generation: 0,
        startedAt: 0,
        attempts: 0,
        landed: false,
        gaveUp: false,
        secondCopy: undefined,
        replaced: new AbortController(),
    };
}

/** Asks for `text` as the terminal message, in place of any asked for before, from `now` on. */
export function askFor(message: TerminalMessage, text: string, now: number): void {
    message.secondCopy?.abort();
    message.secondCopy = undefined;
    message.replaced.abort();
    message.replaced = new AbortController();
    message.text = text;
    message.generation++;
    message.startedAt = now;
    message.attempts = 0;
    message.landed = false;
    message.gaveUp = false;
}

/** What the delivery of a terminal message needs from the publisher. */
export interface TerminalDeliveryPort {
    message: TerminalMessage;
    terminalDeadlineMs: number;
    requestTimeoutMs: number;
    /** Over once the call on the wire before this message is (a progress call, or a replaced terminal message's). */
    before: Promise<unknown> | undefined;
    /** Until when a call with a text other than `text` may still land, at `now`; undefined when none may. */
    staleMayLandUntil(now: number, text: string): number | undefined;
    /** One call, bounded by `timeoutMs`. */
    call(text: string, attempt: number, timeoutMs: number): Promise<void>;
    onFailure(failure: DeliveryError, context: { terminal: boolean; attempt: number; willRetry: boolean }): void;
    retryDelayMs(attempt: number): number;
    /**
     * The text as it would be worded now, asked before each retry: the run's work under way may have
     * gone on while the message was retried (requests that finish after a signal stopped the crawl),
     * and a retry says what really happened by then. Undefined when it still says the same.
     */
    reword?: () => string | undefined;
}

/**
 * Delivers the terminal message asked for last (`port.message.text`): waits for the call on the wire
 * first, so an older message cannot land after it, then tries until its deadline. Once a copy has
 * landed, a call with another text that went unanswered recently enough may still land after it: the
 * same text is then sent once more, once that call can no longer land (see `sendSecondCopy`). A
 * delivery whose text is replaced meanwhile stops at its next step. Never rejects.
 */
export async function deliverTerminal(port: TerminalDeliveryPort): Promise<TerminalOutcome> {
    const { message } = port;
    const generation = message.generation;
    const replaced = message.replaced.signal;
    const current = () => message.generation === generation;
    const remaining = () => port.terminalDeadlineMs - (Date.now() - message.startedAt);
    if (port.before) {
        const gaveUp = new AbortController();
        await Promise.race([port.before, pause(Math.max(0, remaining()), gaveUp.signal)]);
        gaveUp.abort(); // clears the timer, which would otherwise hold the process open
    }
    while (remaining() > 0 && current()) {
        const attempt = ++message.attempts;
        if (attempt > 1) rewordForRetry(message, port);
        const text = message.text ?? '';
        try {
            await port.call(text, attempt, Math.min(port.requestTimeoutMs, remaining()));
            if (!current()) return 'delivered';
            message.landed = true;
            const lateUntil = port.staleMayLandUntil(Date.now(), text);
            if (lateUntil !== undefined) await sendSecondCopy(port, text, lateUntil);
            return 'delivered';
        } catch (error) {
            const failure = asDeliveryError(error, 'transport-error');
            const delay = port.retryDelayMs(attempt);
            const willRetry = failure.retryable && remaining() > delay && current();
            port.onFailure(failure, { terminal: true, attempt, willRetry });
            if (!willRetry) return giveUp(message, generation);
            await pause(delay, replaced);
        }
    }
    if (!current()) return 'failed';
    // The deadline ran out while waiting (for the call on the wire, or before a retry): a give-up too.
    const failure = new DeliveryError('no time left within the terminal deadline', {
        retryable: false,
        kind: 'deadline',
    });
    port.onFailure(failure, { terminal: true, attempt: message.attempts, willRetry: false });
    return giveUp(message, generation);
}

/**
 * A retry says what the run did until now: the text is worded again, in place (the same terminal
 * message, its counts brought up to date; the exit hook sends this text too). An earlier attempt with
 * the old text that the server applies late is what the second copy guards against.
 */
function rewordForRetry(message: TerminalMessage, port: TerminalDeliveryPort): void {
    const newer = port.reword?.();
    if (newer !== undefined && newer !== '') message.text = newer;
}

function giveUp(message: TerminalMessage, generation: number): TerminalOutcome {
    if (message.generation === generation) message.gaveUp = true;
    return 'failed';
}

/**
 * A call that went unanswered (it timed out) may still be applied by the server after the terminal
 * message, leaving the Console on an old message. So the terminal message is sent once more, once
 * that call can no longer land (`lateUntil`), and never later than the deadline allows (`resendAt`):
 * the same text and flag, so whichever copy lands last, the Console ends on it. Resolves when that
 * copy has landed or failed, or was called off (the process exits and the exit hook sends it, or the
 * text is replaced); never rejects.
 */
async function sendSecondCopy(port: TerminalDeliveryPort, text: string, lateUntil: number): Promise<void> {
    const { message, terminalDeadlineMs, requestTimeoutMs } = port;
    const calledOff = new AbortController();
    message.secondCopy = calledOff;
    await pause(
        resendAt(message.startedAt, terminalDeadlineMs, requestTimeoutMs, lateUntil) - Date.now(),
        calledOff.signal,
    );
    if (calledOff.signal.aborted) return;
    message.secondCopy = undefined;
    const left = message.startedAt + terminalDeadlineMs - Date.now();
    if (left <= 0) return;
    try {
        await port.call(text, ++message.attempts, Math.min(requestTimeoutMs, left));
    } catch {
        // The first copy landed; this one only guards against a late old message.
    }
}
