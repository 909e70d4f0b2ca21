import type { SharedQueueProgress } from '../counting/shared-queue-figures.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import { unitFor } from '../counting/units.js';
import { failureReasonsInBrackets, fitFailureReasons, topFailureReasonInBrackets } from './failure-words.js';
import { itemsPart, joinParts, shortEndReason, TERMINAL_HEADS } from './message-parts.js';

interface SharedQueueFormatSettings {
    /** Formats a count ("1,204"). */
    count: (value: number) => string;
    /**
     * The longest message wanted: a terminal message names fewer failure reasons to stay below it, so
     * that the crawl's figures after them are not what the publisher's cut takes away.
     */
    maxLength?: number;
    /** "no progress for 1 min" while neither this run nor the crawl moves (a running message says it). */
    stall?: string;
}

/** "across 4 runs", or "across runs" when the number of runs was not given. */
function across(queue: SharedQueueProgress, count: (value: number) => string): string {
    const { runs } = queue;
    return runs === undefined ? 'across runs' : `across ${count(runs)} ${runs === 1 ? 'run' : 'runs'}`;
}

/**
 * "2,900 of 3,000" or "2,900 of at least 3,000"; undefined before the queue was first read, or while it
 * is still empty ("0 of at least 0" says nothing).
 */
function crawlCounts(queue: SharedQueueProgress, count: (value: number) => string): string | undefined {
    const { handled, total, totalIsEstimate } = queue;
    if (handled === undefined || total === undefined || total === 0) return undefined;
    return `${count(handled)} of ${totalIsEstimate ? 'at least ' : ''}${count(total)}`;
}

/**
 * "3 failed here", when this run failed any, with why: the top reason in a progress message once
 * failures are notable ("(HTTP 429)"); in a terminal one, up to `maxReasons` of the most common
 * ("(2 × HTTP 500, 1 × timeout)"), as any run's messages say them.
 */
function failedHere(
    snapshot: ProgressSnapshot,
    count: (value: number) => string,
    maxReasons?: number,
): string | undefined {
    if (snapshot.failed <= 0) return undefined;
    const why =
        maxReasons === undefined
            ? topFailureReasonInBrackets(snapshot)
            : failureReasonsInBrackets(snapshot.failures, maxReasons, count);
    return `${count(snapshot.failed)} failed here${why}`;
}

function items(snapshot: ProgressSnapshot, count: (value: number) => string): string | undefined {
    return itemsPart(snapshot, count);
}

/** "the crawl stands at 2,900 of 3,000 across 4 runs", when the queue has been read. */
function crawlStands(queue: SharedQueueProgress, count: (value: number) => string): string | undefined {
    const counts = crawlCounts(queue, count);
    return counts === undefined ? undefined : `the crawl stands at ${counts} ${across(queue, count)}`;
}

/**
 * The queue was drained and everything in it handled when it was last read. That is all a reading can
 * show: another run may still add to the queue, so a worker says the queue was empty, never that the
 * crawl is done.
 */
function crawlIsDone({ handled, total, totalIsEstimate }: SharedQueueProgress): boolean {
    return handled !== undefined && total !== undefined && !totalIsEstimate && handled >= total;
}

/**
 * The wording of a worker on a request queue that several runs share: the whole crawl first, then
 * this run's share. Pure.
 *
 * - running: "1,204 of at least 3,000 pages handled across 4 runs · this run 310 · 3 failed here"
 *   (before the queue was first read: "Working through a shared queue across 4 runs · this run 12 pages")
 * - finished, the queue drained: "Finished: 3,000 of 3,000 pages handled across 4 runs, the queue was
 *   empty when this run ended · this run 310 · 3 failed here"
 * - finished, the queue not drained: "Finished my share: 310 pages · 3 failed here · the crawl stands at
 *   2,900 of 3,000 across 4 runs": a worker never claims the queue is empty unless its last reading says so.
 * - failed, aborted, time limit: "Aborted: this run 310 pages · the crawl stands at ... · <reason>"
 */
export function formatSharedQueue(
    snapshot: ProgressSnapshot,
    queue: SharedQueueProgress,
    { count, maxLength, stall }: SharedQueueFormatSettings,
): string {
    const noun = (value: number) => unitFor(value, snapshot.unit);
    const share = `this run ${count(snapshot.done)}`;
    const shareWithNoun = `${share} ${noun(snapshot.done)}`;
    const counts = crawlCounts(queue, count);
    const crawl =
        counts === undefined || queue.total === undefined
            ? undefined
            : `${counts} ${noun(queue.total)} handled ${across(queue, count)}`;
    switch (snapshot.status) {
        case 'running':
            return crawl === undefined
                ? joinParts([
                      `Working through a shared queue ${across(queue, count)}`,
                      shareWithNoun,
                      items(snapshot, count),
                      failedHere(snapshot, count),
                      stall,
                  ])
                : joinParts([crawl, share, items(snapshot, count), failedHere(snapshot, count), stall]);
        case 'migrating':
            return joinParts([
                `Migrating to another server, will resume at ${shareWithNoun}`,
                crawlStands(queue, count),
            ]);
        case 'finished':
            if (crawlIsDone(queue)) {
                return fitFailureReasons(maxLength, (maxReasons) =>
                    joinParts([
                        `${TERMINAL_HEADS.finished}: ${crawl}, the queue was empty when this run ended`,
                        share,
                        items(snapshot, count),
                        failedHere(snapshot, count, maxReasons),
                    ]),
                );
            }
            return fitFailureReasons(maxLength, (maxReasons) =>
                joinParts([
                    `Finished my share: ${count(snapshot.done)} ${noun(snapshot.done)}`,
                    items(snapshot, count),
                    failedHere(snapshot, count, maxReasons),
                    crawlStands(queue, count),
                ]),
            );
        case 'failed':
        case 'aborted':
        case 'timed-out': {
            const head = TERMINAL_HEADS[snapshot.status];
            return fitFailureReasons(maxLength, (maxReasons) =>
                joinParts([
                    `${head}: ${shareWithNoun}`,
                    items(snapshot, count),
                    failedHere(snapshot, count, maxReasons),
                    crawlStands(queue, count),
                    snapshot.status === 'timed-out' ? undefined : shortEndReason(snapshot),
                ]),
            );
        }
    }
}
