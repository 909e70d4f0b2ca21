import { type ChildRunProgress, hasEnded } from '../counting/child-run-figures.js';
import { toUnitForms } from '../counting/units.js';
import { countsFromStatusMessage } from './child-figures.js';
import { type ChildState, stateOf } from './child-state.js';

/** The pages of every child run added up, shared crawls counted once. */
export interface ChildSum {
    done: number;
    failed: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    unit: readonly [string, string] | undefined;
}

/**
 * Workers that have no record but say in their status message that they share a queue are taken to
 * share one and the same: the message does not name it.
 */
const QUEUE_OF_STATUS_MESSAGES = '(named in no record)';

/**
 * A child's counts: its record's, unless its status message is newer than the record (a record is
 * written every 30 s by default, a message every few seconds) and can be read, or it has no record.
 */
function countsOf(child: ChildState) {
    const { record } = child;
    const fromMessage = countsFromStatusMessage(child.statusMessage);
    const messageIsNewer = fromMessage !== undefined && child.statusMessage !== record?.message;
    const counts = messageIsNewer ? fromMessage : (record ?? fromMessage);
    // The whole crawl of a worker on a shared queue: the queue is named by its record only.
    const queueId = record?.sharedQueue?.queueId ?? QUEUE_OF_STATUS_MESSAGES;
    const crawl = messageIsNewer && fromMessage.sharedCrawl ? fromMessage.sharedCrawl : record?.sharedQueue;
    const noun = fromMessage?.noun;
    return {
        counts,
        crawl: crawl && { ...crawl, queueId },
        unit: record?.unit ?? (noun === undefined ? undefined : toUnitForms(noun)),
    };
}

/** One child as the parent shows it. Pure. */
export function childProgress(child: ChildState): ChildRunProgress {
    const { counts, crawl } = countsOf(child);
    return {
        runId: child.runId,
        label: child.label,
        state: stateOf(child),
        exitCode: child.exitCode,
        done: counts?.done ?? 0,
        failed: counts?.failed ?? 0,
        // A worker on a shared queue has no total of its own: the whole crawl's is what it works towards.
        total: crawl ? crawl.total : counts?.total,
        totalIsEstimate: crawl ? crawl.totalIsEstimate : (counts?.totalIsEstimate ?? true),
    };
}

/**
 * Adds the children up. Their done and failed counts add up (on a shared queue every request is
 * handled by one worker). Totals add up too, except that the workers of one shared queue count the
 * whole crawl once: its total is the largest any of them saw. The sum is an estimate while a run that
 * goes on has no firm total, or while runs are still expected. Pure.
 */
export function sumChildren(children: readonly ChildState[], expected: number): ChildSum {
    const sum: ChildSum = {
        done: 0,
        failed: 0,
        total: 0,
        totalIsEstimate: expected > children.length,
        unit: undefined,
    };
    const crawls = new Map<string, { total: number; totalIsEstimate: boolean; handled: number }>();
    let totalKnown = true;
    for (const child of children) {
        const progress = childProgress(child);
        sum.done += progress.done;
        sum.failed += progress.failed;
        const { crawl: queue, unit } = countsOf(child);
        sum.unit ??= unit;
        if (queue) {
            const crawl = crawls.get(queue.queueId);
            // The one that saw the most handled has the latest word on whether the queue is drained.
            if (!crawl || queue.handled >= crawl.handled) {
                crawls.set(queue.queueId, {
                    total: Math.max(queue.total, crawl?.total ?? 0),
                    totalIsEstimate: queue.totalIsEstimate,
                    handled: queue.handled,
                });
            } else {
                crawl.total = Math.max(crawl.total, queue.total);
            }
            continue;
        }
        const ended = hasEnded(progress.state);
        if (progress.total === undefined) {
            if (ended) sum.total = (sum.total ?? 0) + progress.done + progress.failed;
            else totalKnown = false;
        } else {
            sum.total = (sum.total ?? 0) + Math.max(progress.total, progress.done + progress.failed);
            if (progress.totalIsEstimate && !ended) sum.totalIsEstimate = true;
        }
    }
    // Workers whose record has not been read yet share the queue their co-workers' records name, when
    // there is just one: counting it twice would double the total.
    const unnamed = crawls.get(QUEUE_OF_STATUS_MESSAGES);
    const named = [...crawls.keys()].filter((queueId) => queueId !== QUEUE_OF_STATUS_MESSAGES);
    const onlyNamed = named.length === 1 ? crawls.get(named[0] ?? '') : undefined;
    if (unnamed && onlyNamed) {
        if (unnamed.handled > onlyNamed.handled) {
            onlyNamed.handled = unnamed.handled;
            onlyNamed.totalIsEstimate = unnamed.totalIsEstimate;
        }
        onlyNamed.total = Math.max(onlyNamed.total, unnamed.total);
        crawls.delete(QUEUE_OF_STATUS_MESSAGES);
    }
    for (const crawl of crawls.values()) {
        sum.total = (sum.total ?? 0) + crawl.total;
        if (crawl.totalIsEstimate) sum.totalIsEstimate = true;
    }
    if (!totalKnown) sum.totalIsEstimate = true;
    if (sum.total === 0 && children.every((child) => child.record === undefined && !child.statusMessage)) {
        sum.total = undefined; // nothing is known yet: "0 pages", not "0 of about 0 pages"
    }
    if (sum.total !== undefined) sum.total = Math.max(sum.total, sum.done + sum.failed);
    return sum;
}
