import { errorText } from '../counting/error-text.js';
import type { OnceLog } from '../log/once-log.js';
import { argumentError } from '../options/arguments.js';

/**
 * The functions that bring the counts up to date from sources that keep their own (a crawler's
 * statistics, a shared queue, child runs). They are read right before every snapshot and message,
 * not on every change.
 */
export class CountSources {
    readonly #log: OnceLog;
    readonly #sources = new Set<() => void>();
    #refreshing = false;

    constructor(log: OnceLog) {
        this.#log = log;
    }

    /** True while the sources are being read: counts they set then are part of the message being made. */
    get refreshing(): boolean {
        return this.#refreshing;
    }

    /** Registers `refresh` (a set-up call: a bad argument throws). Returns the function that removes it. */
    add(refresh: () => void): () => void {
        if (typeof refresh !== 'function') {
            throw argumentError('addCountSource', [refresh], 'refresh must be a function');
        }
        this.#sources.add(refresh);
        return () => {
            this.#sources.delete(refresh);
        };
    }

    /** Reads every source once; a source read while the sources are being read is not read again. */
    refresh(): void {
        if (this.#sources.size === 0 || this.#refreshing) return;
        this.#refreshing = true;
        try {
            for (const refresh of this.#sources) {
                // A source reading something not ready yet (a queue not open, a file not written) must
                // not cost the run its messages: its counts stay as they were until it works again.
                try {
                    const result: unknown = refresh();
                    // TypeScript lets an async function stand for `() => void`: its rejection would end the
                    // process as an unhandled one. It is not awaited (a message is made now), only caught.
                    if (isThenable(result)) Promise.resolve(result).catch((error: unknown) => this.#threw(error));
                } catch (error) {
                    this.#threw(error);
                }
            }
        } finally {
            this.#refreshing = false;
        }
    }

    #threw(error: unknown): void {
        this.#log.warnOnce(
            'count-source-threw',
            `A count source threw (${errorText(error)}); its counts are left as they were until it works.`,
        );
    }
}

/** A promise, or anything with a `then` method (reading it may throw: the caller catches that). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
    return (
        (typeof value === 'object' || typeof value === 'function') &&
        value !== null &&
        typeof (value as { then?: unknown }).then === 'function'
    );
}
