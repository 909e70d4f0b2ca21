import { pause } from '../shared/pause.js';
import { toStatusLine } from '../wording/sanitize.js';
import { callWithin } from './bounded-call.js';
import { CallHistory } from './call-history.js';
import { CallSlots } from './call-slots.js';
import { ExitDelivery } from './exit-delivery.js';
import { LogTransport } from './log-transport.js';
import { type PublisherSettings, retryDelayMs, type TerminalOutcome } from './publisher-settings.js';
import { RecordingTransport } from './recording-transport.js';
import { type ExitTerminalOutcome, newTerminalRecord, resendTerminal } from './terminal-record.js';
import { asDeliveryError, DeliveryError, type StatusUpdate } from './transport.js';

export type { PublisherSettings, TerminalOutcome } from './publisher-settings.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one place that decides what is sent and when.
 *
 * - Progress is pulled, not pushed: `request()` only marks that something changed, and the text is
 *   rendered when a call is about to go out. So a message superseded while it waited is never sent
 *   (latest wins) and counting costs nothing per update.
 * - Calls are spaced by `intervalMs` but never closer than the transport's own `minIntervalMs`
 *   (retries included); the first goes out at once. Waiting for the next slot never keeps the
 *   process alive by itself (see `CallSlots`).
 * - One call is in flight at a time, retries included, so the client never has an older message
 *   on the wire after a newer one: a retry is abandoned as soon as a newer message is waiting. A
 *   call given up on (timed out) may still be applied by the server later, though: between two
 *   progress messages the next one puts it right; after the terminal message, a copy (below) does.
 * - Text equal to the last delivered one is not sent again.
 * - The terminal message waits for the call in flight, is retried until its deadline, and closes
 *   the publisher: no other message is sent after it. Only a copy of it may follow: when a progress
 *   call went unanswered recently enough that the server may still apply it, the same terminal
 *   message is sent once more, once that call can no longer land (see `resendTerminal`), so that it
 *   is the last one to land.
 */
export class Publisher {
    readonly #settings: PublisherSettings;
    readonly #slots: CallSlots;
    readonly #closing = new AbortController();
    #changed = false;
    /** Text that must go out without waiting for the throttle (a migration notice), and who waits for it. */
    #urgent: { text: string; waiters: (() => void)[] } | undefined;
    /** Wakes a pump that waits for its slot when urgent text arrives. */
    #wake: AbortController | undefined;
    #pump: Promise<void> | undefined;
    #lastDelivered: string | undefined;
    #terminal: Promise<TerminalOutcome> | undefined;
    /** Where the terminal message stands, for its delivery at exit too. */
    readonly #terminalRecord = newTerminalRecord();
    readonly #history: CallHistory;
    /** When the progress call in flight started; undefined while none is. */
    #progressCallSince: number | undefined;
    /** The terminal message when the process exits under the reporter. */
    readonly #atExit: ExitDelivery;
    #sent = 0;
    /** The transport's own least spacing (the Apify API's ~1 s), which `intervalMs` cannot go below. */
    readonly #minSpacingMs: number;
    /** When the last progress call started, to keep its retries to the transport's spacing. */
    #lastProgressCallAt = Number.NEGATIVE_INFINITY;

    constructor(settings: PublisherSettings) {
        this.#settings = settings;
        this.#minSpacingMs = Math.max(0, settings.transport.minIntervalMs ?? 0);
        this.#slots = new CallSlots(Math.max(settings.intervalMs, this.#minSpacingMs));
        this.#history = new CallHistory(settings.requestTimeoutMs);
        this.#atExit = new ExitDelivery({
            transport: settings.transport,
            terminalDeadlineMs: settings.terminalDeadlineMs,
            record: this.#terminalRecord,
            progressMayLandUntil: (now) => this.#history.progressMayLandUntil(now),
            onLanded: (update) => {
                this.#lastDelivered = update.statusMessage;
                this.#settings.onDelivered?.(update);
            },
            onFailure: settings.onFailure,
        });
    }

    /** The one place a text becomes what is sent: secrets removed, one line, capped. */
    #line(text: string): string {
        const clean = this.#settings.redact ? this.#settings.redact(text) : text;
        return toStatusLine(clean, this.#settings.maxMessageLength);
    }

    /** True once the terminal message has been asked for: nothing else will be sent. */
    get closed(): boolean {
        return this.#terminal !== undefined;
    }

    /** Calls made to the transport so far, retries included. */
    get callCount(): number {
        return this.#sent + this.#atExit.calls;
    }

    /** The last text the transport accepted. */
    get lastDelivered(): string | undefined {
        return this.#lastDelivered;
    }

    /** How long the slowest of the latest calls took, answered or not, in ms; undefined before the first. */
    get slowestRecentCallMs(): number | undefined {
        return this.#history.slowestRecentMs;
    }

    /** Something the message is made from has changed. Cheap: meant to be called on every count. */
    request(): void {
        if (this.closed) return;
        this.#changed = true;
        this.#pump ??= this.#runPump();
    }

    /**
     * Sends `text` as a progress (non-terminal) message as soon as the call in flight is done,
     * without waiting for the throttle: for news that cannot wait, such as a migration starting.
     * Still one call at a time, still dropped when equal to the last delivered text, and a later
     * `sendNow` replaces one that has not gone out yet. Resolves once it landed, failed for good,
     * was replaced, or the publisher closed. Never rejects.
     */
    sendNow(text: string): Promise<void> {
        if (this.closed) return Promise.resolve();
        const line = this.#line(text);
        return new Promise<void>((resolve) => {
            const waiters = this.#urgent?.waiters ?? [];
            waiters.push(resolve);
            this.#urgent = { text: line, waiters };
            this.#wake?.abort();
            this.#pump ??= this.#runPump();
        });
    }

    #releaseUrgent(): void {
        const urgent = this.#urgent;
        this.#urgent = undefined;
        for (const resolve of urgent?.waiters ?? []) resolve();
    }

    /** Waits for the next slot, or less when urgent text arrives meanwhile or the publisher closes. */
    async #waitForSlot(): Promise<void> {
        if (this.#urgent) return;
        const wake = new AbortController();
        this.#wake = wake;
        try {
            await this.#slots.wait([wake.signal, this.#closing.signal]);
        } finally {
            this.#wake = undefined;
        }
    }

    /**
     * Resolves when the latest progress has landed, or failed for good, or was superseded by the end.
     * Keeps the process alive meanwhile: whoever awaits it wants the message out.
     */
    async flush(): Promise<void> {
        const release = this.#slots.hold();
        try {
            while (this.#pump) await this.#pump;
        } finally {
            release();
        }
    }

    async #runPump(): Promise<void> {
        try {
            while ((this.#changed || this.#urgent) && !this.closed) {
                await this.#waitForSlot();
                if (this.closed) return; // the terminal message has taken over
                const urgent = this.#urgent;
                let text: string;
                if (urgent) {
                    text = urgent.text;
                } else {
                    this.#changed = false;
                    text = this.#line(this.#settings.render());
                }
                if (text !== '' && text !== this.#lastDelivered) await this.#deliverProgress(text);
                // Released only now, so that whoever awaits `sendNow` knows the call is over.
                if (urgent && this.#urgent === urgent) this.#releaseUrgent();
            }
        } finally {
            this.#pump = undefined;
            // Closed while urgent text waited: nobody will send it, so nobody should wait for it.
            if (this.closed) this.#releaseUrgent();
        }
    }

    async #deliverProgress(text: string): Promise<void> {
        const { maxAttempts } = this.#settings;
        const urgent = this.#urgent;
        // A newer message makes this one stale: drop it rather than retry it. Urgent text is only
        // superseded by newer urgent text, not by a count that changed meanwhile.
        const stale = () =>
            this.closed || (urgent ? this.#urgent !== urgent : this.#changed || this.#urgent !== undefined);
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                this.#lastProgressCallAt = Date.now();
                this.#progressCallSince = this.#lastProgressCallAt;
                await this.#call(text, false, attempt, this.#settings.requestTimeoutMs);
                this.#progressCallSince = undefined;
                return;
            } catch (error) {
                this.#progressCallSince = undefined;
                const failure = asDeliveryError(error, 'transport-error');
                const willRetry = failure.retryable && attempt < maxAttempts && !stale();
                this.#settings.onFailure(failure, { terminal: false, attempt, willRetry });
                if (!willRetry) return;
                const spacingLeft = this.#minSpacingMs - (Date.now() - this.#lastProgressCallAt);
                await pause(Math.max(retryDelayMs(attempt), spacingLeft), this.#closing.signal);
                if (stale()) return;
            }
        }
    }

    /** One call, bounded by `timeoutMs` even when the transport ignores it. */
    async #call(text: string, terminal: boolean, attempt: number, timeoutMs: number): Promise<void> {
        this.#sent++;
        const startedAt = Date.now();
        const update: StatusUpdate = { statusMessage: text, isStatusMessageTerminal: terminal };
        try {
            await callWithin(timeoutMs, () => this.#settings.transport.send(update, { timeoutMs, attempt }));
        } catch (error) {
            const endedAt = Date.now();
            const failure = asDeliveryError(error, 'transport-error');
            this.#history.record(endedAt - startedAt, { terminal, failure, endedAt });
            throw error;
        }
        const endedAt = Date.now();
        this.#history.record(endedAt - startedAt, { terminal, endedAt });
        this.#lastDelivered = text;
        this.#settings.onDelivered?.(update);
    }

    /**
     * Sends `text` as the terminal message and closes the publisher. Only the first call sends;
     * later calls get the first one's outcome ('already-sent' when it had been delivered).
     * Never rejects: the outcome says whether the message landed.
     */
    terminate(text: string): Promise<TerminalOutcome> {
        if (this.#terminal)
            return this.#terminal.then((outcome) => (outcome === 'delivered' ? 'already-sent' : outcome));
        const record = this.#terminalRecord;
        // Redacted here too: the exit hook sends this very text when the process exits under it.
        record.text = this.#line(text);
        record.startedAt = Date.now();
        this.#terminal = this.#deliverTerminal(record.text).then((outcome) => {
            record.gaveUp = outcome === 'failed';
            return outcome;
        });
        return this.#terminal;
    }

    async #deliverTerminal(text: string): Promise<TerminalOutcome> {
        const record = this.#terminalRecord;
        const remaining = () => this.#settings.terminalDeadlineMs - (Date.now() - record.startedAt);
        this.#closing.abort(); // a progress call waiting for its slot will not be made
        // Wait for the call in flight, so the older message cannot land after the terminal one.
        const inFlight = this.#pump;
        if (inFlight) {
            const gaveUp = new AbortController();
            await Promise.race([inFlight, pause(Math.max(0, remaining()), gaveUp.signal)]);
            gaveUp.abort(); // clears the timer, which would otherwise hold the process open
        }
        while (remaining() > 0) {
            const attempt = ++record.attempts;
            const timeoutMs = Math.min(this.#settings.requestTimeoutMs, remaining());
            try {
                await this.#call(text, true, attempt, timeoutMs);
                record.landed = true;
                // An unanswered progress call may still land after this one: send it once more, when it no longer can.
                const lateUntil = this.#history.progressMayLandUntil(Date.now());
                if (lateUntil !== undefined) {
                    await resendTerminal(record, this.#settings, lateUntil, (again, ms) =>
                        this.#call(text, true, again, ms),
                    );
                }
                return 'delivered';
            } catch (error) {
                const failure = asDeliveryError(error, 'transport-error');
                const delay = retryDelayMs(attempt);
                const willRetry = failure.retryable && remaining() > delay;
                this.#settings.onFailure(failure, { terminal: true, attempt, willRetry });
                if (!willRetry) return 'failed';
                await sleep(delay);
            }
        }
        // The deadline ran out while waiting (for the call in flight, or before a retry): a give-up too.
        const failure = new DeliveryError('no time left within the terminal deadline', {
            retryable: false,
            kind: 'deadline',
        });
        this.#settings.onFailure(failure, { terminal: true, attempt: record.attempts, willRetry: false });
        return 'failed';
    }

    /**
     * Delivers the terminal message synchronously as the process exits under the reporter, blocking
     * for at most `budgetMs` (see `ExitDelivery`). `text` is the message when none was asked for
     * before; the publisher closes either way. When a progress call is in flight, or went unanswered
     * recently enough to land after it, a second copy is planned: `resendAtExit()` sends it, and
     * `exitWritesUntil` says until when other writes may go before it.
     */
    terminateAtExit(text: string, budgetMs: number): ExitTerminalOutcome {
        const record = this.#terminalRecord;
        if (record.text === undefined) {
            record.text = this.#line(text);
            record.startedAt = Date.now();
            this.#closing.abort();
        }
        // A call to the log or the recorder lands as it is made: nothing of it can land later.
        const { transport } = this.#settings;
        const landsAtOnce = transport instanceof LogTransport || transport instanceof RecordingTransport;
        const outcome = this.#atExit.terminate(budgetMs, this.#progressCallSince !== undefined && !landsAtOnce);
        this.#terminal ??= Promise.resolve(outcome === 'unsupported' ? 'failed' : outcome);
        return outcome;
    }

    /** After `terminateAtExit`: until when the exit may write other things (`Date.now()` time). */
    get exitWritesUntil(): number | undefined {
        return this.#atExit.writesUntil;
    }

    /** At exit, last: blocks until the planned second copy of the terminal message is due, and sends it. */
    resendAtExit(): void {
        this.#atExit.resend();
    }
}
