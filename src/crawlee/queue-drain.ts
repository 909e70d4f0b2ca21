import { replaceMethod } from '../shared/replace-method.js';

/** The parts of Crawlee's crawler and AutoscaledPool read here (protected members: read defensively). */
interface DrainInternals {
    autoscaledPool?: unknown;
    /** Set by `crawler.stop()`: the pool then says it is finished, though the queue is not drained. */
    unexpectedStop?: unknown;
}

/**
 * Watches whether the crawler's current `run()` drains its queue: its AutoscaledPool ends a run
 * normally only once `isFinishedFunction()` says so (the queue is empty, or `maxRequestsPerCrawl` was
 * reached); an abort (Crawlee's pause on Ctrl+C) ends it without. `crawler.stop()` makes that function
 * say yes too, so it does not count as drained. Calls `onDrained` when the run drained its queue.
 *
 * The pool is made anew by each `run()`, before it announces its start: this is called then.
 * Returns the function that stops watching, or undefined when the crawler has no pool to watch
 * (another Crawlee version): its end then counts as drained, as it always did.
 */
export function watchDrain(crawler: object, onDrained: () => void): (() => void) | undefined {
    const internals = crawler as DrainInternals;
    const pool = internals.autoscaledPool;
    if (typeof pool !== 'object' || pool === null) return undefined;
    if (typeof (pool as { isFinishedFunction?: unknown }).isFinishedFunction !== 'function') return undefined;
    return replaceMethod(
        pool,
        'isFinishedFunction',
        (original) =>
            async function (this: unknown, ...args: unknown[]) {
                const finished = await original.apply(this, args);
                if (finished === true && internals.unexpectedStop !== true) onDrained();
                return finished;
            },
    );
}
