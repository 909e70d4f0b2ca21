import type { TimelineEntry } from './types.js';

interface Waiter {
    predicate: (entries: readonly TimelineEntry[]) => boolean;
    resolve: () => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
}

/** Milliseconds since the emulator started, and the wall-clock time of such a moment. */
export class EmulatorClock {
    readonly #startedAt = performance.now();

    now(): number {
        return performance.now() - this.#startedAt;
    }

    isoTime(at: number): string {
        return new Date(performance.timeOrigin + this.#startedAt + at).toISOString();
    }
}

/**
 * A recorded history of requests (the whole emulator's, or one run's). Waiters are re-checked on every
 * new entry, so `waitFor` resolves on the very request that satisfies it instead of polling.
 */
export class Timeline {
    readonly #entries: TimelineEntry[] = [];
    readonly #waiters = new Set<Waiter>();

    get entries(): readonly TimelineEntry[] {
        return this.#entries;
    }

    push(entry: TimelineEntry): void {
        this.#entries.push(entry);
        this.#notify();
    }

    waitFor(predicate: (entries: readonly TimelineEntry[]) => boolean, timeoutMs: number, describe: () => string) {
        if (predicate(this.#entries)) return Promise.resolve();
        return new Promise<void>((resolve, reject) => {
            const waiter: Waiter = {
                predicate,
                resolve,
                reject,
                timer: setTimeout(() => {
                    this.#waiters.delete(waiter);
                    reject(new Error(`waitFor timed out after ${timeoutMs} ms. Timeline so far:\n${describe()}`));
                }, timeoutMs),
            };
            this.#waiters.add(waiter);
        });
    }

    /** Fails every pending `waitFor`, so a test awaiting one after `close()` gets an answer. */
    rejectWaiters(reason: string): void {
        for (const waiter of this.#waiters) {
            clearTimeout(waiter.timer);
            waiter.reject(new Error(reason));
        }
        this.#waiters.clear();
    }

    #notify(): void {
        for (const waiter of this.#waiters) {
            let satisfied: boolean;
            try {
                satisfied = waiter.predicate(this.#entries);
            } catch (error) {
                // A throwing predicate is a bug in the test: report it rather than hang until the timeout.
                this.#waiters.delete(waiter);
                clearTimeout(waiter.timer);
                waiter.reject(error as Error);
                continue;
            }
            if (satisfied) {
                this.#waiters.delete(waiter);
                clearTimeout(waiter.timer);
                waiter.resolve();
            }
        }
    }
}
