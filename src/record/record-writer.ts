import { callWithin } from '../delivery/bounded-call.js';
import { asDeliveryError } from '../delivery/transport.js';
import { pause } from '../shared/pause.js';
import type { RecordFailureHandler, RecordStore } from './record-store.js';
import { delayBeforeWrite, readinessPollMs, recordRetryDelayMs } from './schedule.js';

interface RecordWriterSettings {
    store: RecordStore;
    key: string;
    /** Least spacing between the starts of two writes (a migration and the final write excepted). */
    intervalMs: number;
    requestTimeoutMs: number;
    /** Tries per write, the first included (the final write tries until its deadline instead). */
    maxAttempts: number;
    /** The document to write. Asked when a call is about to go out, so it is always the latest. */
    render: () => unknown;
    onFailure: RecordFailureHandler;
}

/** A signal that never fires: the final write's retries are bounded by its deadline instead. */
const NEVER = new AbortController().signal;

/**
 * The least time the final write gets on a store that writes locally (see `RecordStore.writesLocally`),
 * whatever is left of the deadline it is given: a local write takes milliseconds.
 */
export const LOCAL_FINAL_WRITE_MS = 1_000;

/**
 * Writes the progress record: the run's progress as JSON in its default key-value store.
 *
 * - Pulled, like the status message: `request()` only marks that something changed; the document is
 *   rendered when a call goes out. The first change is written at once, later ones at most once per
 *   interval, nothing while nothing changes.
 * - One call in flight at a time; a failed write is tried again with backoff, a few times, then left
 *   to the next change. A store that refuses for good (bad token, no such store) is not asked again.
 * - It never waits for the status message, and the status message never waits for it: the two share
 *   nothing but the snapshot they are made from.
 * - `writeNow()` writes at once (a migration); `finish()` writes the final document and closes;
 *   `finishAtExit()` writes it synchronously when the process exits under the reporter.
 */
export class RecordWriter {
    readonly #settings: RecordWriterSettings;
    readonly #closing = new AbortController();
    #dirty = false;
    #timer: NodeJS.Timeout | undefined;
    #inFlight: Promise<void> | undefined;
    #lastStartedAt: number | undefined;
    #gaveUp = false;
    #final: Promise<void> | undefined;
    /** The final document has landed: nothing is left to write, at exit either. */
    #finalLanded = false;
    #calls = 0;
    /** `intervalMs`, but never below the store's own least spacing. */
    readonly #intervalMs: number;

    constructor(settings: RecordWriterSettings) {
        this.#settings = settings;
        this.#intervalMs = Math.max(settings.intervalMs, settings.store.minIntervalMs ?? 0);
    }

    /** Calls made to the store so far, retries included. */
    get callCount(): number {
        return this.#calls;
    }

    /** Something the document is made from has changed. Cheap: meant to be called on every count. */
    request(): void {
        // Already marked: a write is scheduled, or the call in flight schedules one when it ends.
        if (this.#dirty || this.#final || this.#gaveUp) return;
        this.#dirty = true;
        this.#schedule();
    }

    #schedule(delayMs?: number): void {
        if (this.#timer || this.#inFlight || !this.#dirty || this.#final || this.#gaveUp) return;
        const delay = delayMs ?? delayBeforeWrite(Date.now(), this.#lastStartedAt, this.#intervalMs);
        this.#timer = setTimeout(() => {
            this.#timer = undefined;
            this.#tick();
        }, delay);
        // A pending record write must not keep a finished script alive: the final write has its own path.
        this.#timer.unref?.();
    }

    #tick(): void {
        if (this.#final || this.#inFlight) return;
        if (!this.#settings.store.ready()) {
            this.#schedule(readinessPollMs(this.#intervalMs));
            return;
        }
        this.#dirty = false;
        this.#track(this.#write({ final: false, deadline: undefined }).then(() => undefined));
    }

    /** Runs `writing` as the one call in flight, and schedules the next write once it is over. */
    #track(writing: Promise<void>): Promise<void> {
        const tracked = writing.finally(() => {
            if (this.#inFlight === tracked) this.#inFlight = undefined;
            this.#schedule();
        });
        this.#inFlight = tracked;
        return tracked;
    }

    /**
     * Writes at once, without waiting for the interval (a migration): after the call in flight, all
     * within `deadlineMs`, since the SDK holds the reboot until its migration listeners are done.
     */
    async writeNow(deadlineMs: number): Promise<void> {
        if (this.#final || this.#gaveUp) return;
        const deadline = Date.now() + deadlineMs;
        clearTimeout(this.#timer);
        this.#timer = undefined;
        while (this.#inFlight && Date.now() < deadline) {
            const gaveUp = new AbortController();
            await Promise.race([this.#inFlight, pause(deadline - Date.now(), gaveUp.signal)]);
            gaveUp.abort();
        }
        clearTimeout(this.#timer); // set when the call we waited for ended with changes pending
        this.#timer = undefined;
        if (this.#final || this.#inFlight || !this.#settings.store.ready() || Date.now() >= deadline) return;
        this.#dirty = false;
        await this.#track(this.#write({ final: false, deadline }).then(() => undefined));
    }

    /**
     * Writes the final document and closes: nothing is written after it. Waits for the call in flight
     * first, so the final document is the last one to land; tries until `deadlineMs` has passed
     * (`LOCAL_FINAL_WRITE_MS` at least on a store that writes locally: what the status message left of
     * a shared deadline must not cost the record its last write when its store does not wait for the
     * network). Only the first call writes. Never rejects.
     */
    finish(deadlineMs: number): Promise<void> {
        const ms = this.#settings.store.writesLocally ? Math.max(deadlineMs, LOCAL_FINAL_WRITE_MS) : deadlineMs;
        this.#final ??= this.#writeFinal(Date.now() + ms);
        return this.#final;
    }

    async #writeFinal(deadline: number): Promise<void> {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#closing.abort(); // a retry waiting for its backoff gives up at once
        const inFlight = this.#inFlight;
        if (inFlight) {
            const gaveUp = new AbortController();
            await Promise.race([inFlight, pause(Math.max(0, deadline - Date.now()), gaveUp.signal)]);
            gaveUp.abort();
        }
        // The call in flight hung through the whole deadline: it was reported, and there is no time left.
        if (this.#gaveUp || !this.#settings.store.ready() || Date.now() >= deadline) return;
        if (await this.#write({ final: true, deadline })) this.#finalLanded = true;
    }

    /**
     * At process exit (the exit hook), when nothing asynchronous can run any more: writes the final
     * document synchronously, blocking until `untilAt` at most, unless it has landed already (and the
     * run's ending was not replaced at exit: `again`). The writer is closed after it. Never throws: a
     * failure is reported like the final write's.
     */
    finishAtExit(untilAt: number, { again = false }: { again?: boolean } = {}): void {
        if ((this.#finalLanded && !again) || this.#gaveUp) return;
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#closing.abort();
        this.#final ??= Promise.resolve();
        const { store, key, render } = this.#settings;
        const timeoutMs = untilAt - Date.now();
        if (!store.putSync || !store.ready() || timeoutMs <= 0) return;
        this.#calls++;
        try {
            store.putSync(key, render(), { timeoutMs });
            this.#finalLanded = true;
        } catch (error) {
            const failure = asDeliveryError(error, 'store-error');
            this.#settings.onFailure(failure, { final: true, attempt: 1, willRetry: false });
        }
    }

    /** Writes, retrying as the write allows; resolves with whether the document landed. Never rejects. */
    async #write({ final, deadline }: { final: boolean; deadline: number | undefined }): Promise<boolean> {
        const { maxAttempts, requestTimeoutMs } = this.#settings;
        const timeLeft = () => (deadline === undefined ? requestTimeoutMs : deadline - Date.now());
        for (let attempt = 1; ; attempt++) {
            if (attempt === 1) this.#lastStartedAt = Date.now();
            try {
                await this.#call(Math.max(1, Math.min(requestTimeoutMs, timeLeft())));
                return true;
            } catch (error) {
                const failure = asDeliveryError(error, 'store-error');
                const delay = recordRetryDelayMs(attempt);
                // With a deadline (the end, a migration) retries go on while time is left; else a few tries.
                const inTime = deadline === undefined ? attempt < maxAttempts : timeLeft() > delay;
                const willRetry = failure.retryable && inTime && (final || !this.#closing.signal.aborted);
                this.#settings.onFailure(failure, { final, attempt, willRetry });
                // A bad token or a missing store will not heal: stop asking rather than fail every interval.
                if (!failure.retryable) this.#gaveUp = true;
                if (!willRetry) return false;
                await pause(delay, final ? NEVER : this.#closing.signal);
                if (!final && this.#closing.signal.aborted) return false;
            }
        }
    }

    /** One call, bounded by `timeoutMs` even when the store ignores it. */
    async #call(timeoutMs: number): Promise<void> {
        this.#calls++;
        const { store, key, render } = this.#settings;
        await callWithin(timeoutMs, () => store.put(key, render(), { timeoutMs }));
    }
}
