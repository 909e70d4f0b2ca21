import type { CrawlerLike } from './crawler-shape.js';

/** The part of Crawlee's AutoscaledPool used here (a protected member of the crawler: read defensively). */
interface PausablePool {
    pause(): Promise<unknown>;
}

function poolOf(crawler: CrawlerLike): PausablePool | undefined {
    const pool = (crawler as { autoscaledPool?: unknown }).autoscaledPool;
    if (typeof pool !== 'object' || pool === null) return undefined;
    return typeof (pool as { pause?: unknown }).pause === 'function' ? (pool as PausablePool) : undefined;
}

/**
 * Stops `crawlers` from starting new requests and waits, `withinMs` at most, for those in progress
 * to end: the AutoscaledPool's `pause()` marks the pool stopped at once (no task starts after it) and
 * resolves once no task runs (its own timeout argument is not used: Crawlee 3 reads it as ms). For an
 * ending that kills the process (a signal nobody else handles): work done after its message is worded
 * would be in the dataset but not in the message. Never rejects.
 */
export async function pauseCrawlers(crawlers: Iterable<CrawlerLike>, withinMs: number): Promise<void> {
    const pausing: Promise<unknown>[] = [];
    for (const crawler of crawlers) {
        try {
            const paused = poolOf(crawler)?.pause();
            if (paused) pausing.push(paused.catch(() => undefined));
        } catch {
            // Another Crawlee version: its work goes on, as it always did.
        }
    }
    if (pausing.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, withinMs);
    });
    await Promise.race([Promise.all(pausing), limit]);
    clearTimeout(timer);
}
