import { type EarlierRuns, handledInEarlierRuns, hasEarlierRuns } from '../counting/earlier-runs.js';
import { mergeFailures } from '../counting/failure-counts.js';
import type { FailureCount } from '../counting/snapshot.js';

/** One crawler's progress as the reporter shows it. Plain data. */
export interface CrawlProgress {
    done: number;
    failed: number;
    /** Why its requests failed, most common first. */
    failures: readonly FailureCount[];
    /** Crawlee's `requestsRetries`: requests that needed at least one retry. */
    retried: number;
    /** Requests the crawl will handle, as far as can be told now. */
    total: number;
    /** False while `total` may still grow. */
    firm: boolean;
}

/** What is read from a crawler to work out its progress. */
interface CrawlerReading {
    done: number;
    failed: number;
    failures: readonly FailureCount[];
    retried: number;
    /** Requests found and not handled yet. */
    pending: number;
    /** `maxRequestsPerCrawl`, if any. */
    cap: number | undefined;
    /** Its `run()` has ended. */
    finished: boolean;
    /** Its `run()` ended by throwing (a browser that cannot launch, ...): what was pending was never handled. */
    cutShort?: boolean;
    /**
     * Its `run()` ended without draining its queue (Ctrl+C makes Crawlee pause, `crawler.stop()`):
     * what was pending is still there, and so is what it would have found.
     */
    interrupted?: boolean;
}

/**
 * The total is handled + pending: what Crawlee's statistics counted plus what is still in the
 * queue. Requests the crawler skips (robots.txt) are marked handled in the queue without ever
 * reaching the statistics, so they drop out of both sides: the total is what the crawl really
 * works on, and a finished crawl reads "N of N". Pure.
 *
 * A `run()` that threw stopped with requests still queued (a browser that cannot launch handles
 * none): its total is what was queued, "0 of 1", not "0 of 0". A `run()` that was interrupted before
 * its queue was drained (Ctrl+C, `crawler.stop()`) keeps its total as it was, an estimate while links
 * were still being found: "19 of at least 28", not "19 of 19". A `run()` that ended normally
 * drained its queue, so its total is what was handled: locally Crawlee's memory storage can count
 * a link twice in its pending count, and those phantoms must not show up in the final figures.
 */
export function crawlProgress(reading: CrawlerReading): CrawlProgress {
    const { done, failed, failures, retried, pending, cap, cutShort = false, interrupted = false } = reading;
    const finished = reading.finished && !interrupted;
    const counts = { done, failed, failures, retried };
    const handled = done + failed;
    if (finished && cutShort) return { ...counts, total: handled + pending, firm: true };
    // Once run() is over nothing more will be handled: the total is what was.
    if (finished) return { ...counts, total: handled, firm: true };
    const found = handled + pending;
    // Crawlee enqueues no more than the cap and stops once it has handled that many.
    if (cap !== undefined && found >= cap) return { ...counts, total: Math.max(handled, cap), firm: true };
    return { ...counts, total: found, firm: false };
}

/**
 * A run's progress with the earlier runs of the same crawler before it: their counts added, and the
 * requests they handled part of the total. A second `run()` goes on from the first one's counts, as
 * several crawlers one after another do, instead of falling back to 0. Also the whole group's progress
 * with the earlier runs a previous start saved. Pure.
 */
export function afterEarlierRuns(progress: CrawlProgress, earlier: EarlierRuns): CrawlProgress {
    if (!hasEarlierRuns(earlier)) return progress;
    return {
        ...progress,
        done: progress.done + earlier.done,
        failed: progress.failed + earlier.failed,
        retried: progress.retried + earlier.retried,
        total: progress.total + handledInEarlierRuns(earlier),
    };
}

/** Several crawlers reporting as one: counts and totals add up; firm only when every part is. */
export function sumProgress(parts: Iterable<CrawlProgress>): CrawlProgress {
    const sum: CrawlProgress = { done: 0, failed: 0, failures: [], retried: 0, total: 0, firm: true };
    const failures: (readonly FailureCount[])[] = [];
    for (const part of parts) {
        failures.push(part.failures);
        sum.done += part.done;
        sum.failed += part.failed;
        sum.retried += part.retried;
        sum.total += part.total;
        sum.firm &&= part.firm;
    }
    sum.failures = failures.length === 1 ? (failures[0] ?? []) : mergeFailures(failures);
    return sum;
}
