import { pause } from '../shared/pause.js';
import { toStatusLine } from '../wording/sanitize.js';
import { sleepBlocking } from './blocking-put.js';
import { callWithin } from './bounded-call.js';
import { CallHistory } from './call-history.js';
import { CallSlots } from './call-slots.js';
import { ExitDelivery, type ExitTerminalOutcome } from './exit-delivery.js';
import { LogTransport } from './log-transport.js';
import { type PublisherSettings, retryDelayMs, type TerminalOutcome } from './publisher-settings.js';
import { RecordingTransport } from './recording-transport.js';
import { askFor, deliverTerminal, newTerminalMessage } from './terminal-message.js';
import { asDeliveryError, type StatusUpdate } from './transport.js';

export type { ExitTerminalOutcome } from './exit-delivery.js';
export type { PublisherSettings, TerminalOutcome } from './publisher-settings.js';

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
 *   message is sent once more, once that call can no longer land (see `deliverTerminal`), so that it
 *   is the last one to land. And the run's real ending may replace it, once, when the reporter says
 *   so (`replace`): the time limit's message sent ahead of the limit, a "Finished" before a failing exit.
 * - At process exit it owns the whole exit sequence (`endAtExit`, see `ExitDelivery`), the final
 *   progress record included, which it writes through the hook it is given.
 * - A destination that refuses every call (the API refusing the token or the run) is not called again.
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
    readonly #message = newTerminalMessage();
    readonly #history: CallHistory;
    /** The call on the wire (a progress or a terminal one): its text and when it went out. */
    #onTheWire: { text: string; since: number } | undefined;
    /** The exit sequence, when the process exits under the reporter. */
    readonly #atExit: ExitDelivery;
    /** The destination refused a call for good (see `DeliveryError.refused`): nothing more is sent. */
    #refused = false;
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
            message: this.#message,
            staleMayLandUntil: (now, text) => this.#staleAtExitUntil(now, text),
            onLanded: (update) => {
                this.#lastDelivered = update.statusMessage;
                this.#settings.onDelivered?.(update);
            },
            onFailure: settings.onFailure,
            finalRecordAtExit: settings.finalRecordAtExit,
            sleepBlocking: settings.sleepBlocking ?? sleepBlocking,
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
        if (this.closed || this.#refused) return;
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
        if (this.closed || this.#refused) return Promise.resolve();
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
            while ((this.#changed || this.#urgent) && !this.closed && !this.#refused) {
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
            if (this.closed || this.#refused) this.#releaseUrgent();
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
                await this.#call(text, false, attempt, this.#settings.requestTimeoutMs);
                return;
            } catch (error) {
                const failure = asDeliveryError(error, 'transport-error');
                const willRetry = failure.retryable && attempt < maxAttempts && !stale() && !this.#refused;
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
        const onTheWire = { text, since: startedAt };
        this.#onTheWire = onTheWire;
        const update: StatusUpdate = { statusMessage: text, isStatusMessageTerminal: terminal };
        try {
            await callWithin(timeoutMs, () => this.#settings.transport.send(update, { timeoutMs, attempt }));
        } catch (error) {
            const endedAt = Date.now();
            const failure = asDeliveryError(error, 'transport-error');
            this.#history.record(endedAt - startedAt, { text, terminal, failure, endedAt });
            if (failure.refused) this.#refuse();
            throw failure;
        } finally {
            if (this.#onTheWire === onTheWire) this.#onTheWire = undefined;
        }
        const endedAt = Date.now();
        this.#history.record(endedAt - startedAt, { text, terminal, endedAt });
        this.#lastDelivered = text;
        this.#settings.onDelivered?.(update);
    }

    /**
     * The destination refuses every call (a token or run the API does not accept): nothing more is
     * sent, the terminal message included, and nothing waits for a message any more.
     */
    #refuse(): void {
        this.#refused = true;
        this.#closing.abort();
        this.#wake?.abort();
    }

    /**
     * At exit, until when a call with a text other than `text` may still land: one given up recently
     * (as the asynchronous delivery reckons it), or one still on the wire, which the server may apply
     * until the request timeout after it went out. A call to the log or the recorder lands as it is
     * made: nothing of it can land later.
     */
    #staleAtExitUntil(now: number, text: string): number | undefined {
        const given = this.#history.staleMayLandUntil(now, text);
        const { transport, requestTimeoutMs } = this.#settings;
        const landsAtOnce = transport instanceof LogTransport || transport instanceof RecordingTransport;
        const wire = this.#onTheWire;
        const onTheWire = wire && wire.text !== text && !landsAtOnce ? wire.since + requestTimeoutMs : undefined;
        const until = Math.max(given ?? Number.NEGATIVE_INFINITY, onTheWire ?? Number.NEGATIVE_INFINITY);
        return until > now ? until : undefined;
    }

    /**
     * Sends `text` as the terminal message and closes the publisher. Only the first call sends; later
     * calls get the first one's outcome ('already-sent' when it had been delivered), unless `replace`:
     * then `text` takes the place of the one asked for before, once that one's delivery is over (its
     * second copy called off), so that it lands last. The reporter decides when a terminal message may
     * be replaced. Never rejects: the outcome says whether the message landed.
     *
     * `reword`: the text as it would be worded now, asked before each retry (undefined when it still
     * says the same), so that a retry counts the work that went on meanwhile. `since`: when the ending
     * began (`Date.now()` time), if before this call: the terminal deadline counts from there.
     */
    terminate(
        text: string,
        {
            replace = false,
            reword,
            since,
        }: { replace?: boolean; reword?: () => string | undefined; since?: number } = {},
    ): Promise<TerminalOutcome> {
        const previous = this.#terminal;
        if (previous && !replace)
            return previous.then((outcome) => (outcome === 'delivered' ? 'already-sent' : outcome));
        if (this.#refused) {
            this.#terminal = Promise.resolve('failed');
            return this.#terminal;
        }
        // Redacted here too: the exit hook sends this very text when the process exits under it.
        askFor(this.#message, this.#line(text), Math.min(Date.now(), since ?? Number.POSITIVE_INFINITY));
        this.#closing.abort(); // a progress call waiting for its slot will not be made
        this.#terminal = deliverTerminal({
            message: this.#message,
            terminalDeadlineMs: this.#settings.terminalDeadlineMs,
            requestTimeoutMs: this.#settings.requestTimeoutMs,
            // The call on the wire: a progress call, or the replaced terminal message's.
            before: previous ?? this.#pump,
            staleMayLandUntil: (now, line) => this.#history.staleMayLandUntil(now, line),
            call: (line, attempt, timeoutMs) => this.#call(line, true, attempt, timeoutMs),
            onFailure: this.#settings.onFailure,
            retryDelayMs,
            ...(reword ? { reword: () => this.#reworded(reword) } : {}),
        });
        return this.#terminal;
    }

    /** What `reword` says, as it would go out; undefined when it says nothing new or throws. */
    #reworded(reword: () => string | undefined): string | undefined {
        try {
            const text = reword();
            return text === undefined ? undefined : this.#line(text);
        } catch {
            return undefined; // the text asked for stands
        }
    }

    /**
     * The exit sequence, when the process exits under the reporter (see `ExitDelivery`): the terminal
     * message asked for before (or `text` when none was, or with `replace`) sent synchronously, the
     * final progress record through the `finalRecordAtExit` hook, and a second copy of the terminal
     * message when a call with another text may land after it. Holds the exit for at most `budgetMs`
     * for the first two, and for the second copy until that call can no longer land, never past the
     * terminal deadline. The publisher is closed after it. Never throws.
     */
    endAtExit(
        text: string,
        { budgetMs, replace = false }: { budgetMs: number; replace?: boolean },
    ): ExitTerminalOutcome {
        if (this.#refused) {
            this.#terminal ??= Promise.resolve('failed');
            return 'failed';
        }
        if (this.#message.text === undefined || replace) {
            askFor(this.#message, this.#line(text), Date.now());
            this.#closing.abort();
        }
        const outcome = this.#atExit.deliver(budgetMs, { again: replace });
        this.#terminal ??= Promise.resolve(outcome === 'unsupported' ? 'failed' : outcome);
        return outcome;
    }
}
