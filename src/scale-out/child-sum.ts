import { type ChildRunProgress, hasEnded } from '../counting/child-runs.js';
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

/** The whole crawl a worker on a shared queue works on, from its record, else from its status message. */
function crawlOf(child: ChildState) {
    if (child.record) return child.record.sharedQueue;
    const crawl = countsFromStatusMessage(child.statusMessage)?.sharedCrawl;
    return crawl && { ...crawl, queueId: QUEUE_OF_STATUS_MESSAGES };
}

/** One child as the parent shows it: counts from its record, else from its status message. Pure. */
export function childProgress(child: ChildState): ChildRunProgress {
    const state = stateOf(child);
    const counts = child.record ?? countsFromStatusMessage(child.statusMessage);
    const queue = crawlOf(child);
    return {
        runId: child.runId,
        label: child.label,
        state,
        exitCode: child.exitCode,
        done: counts?.done ?? 0,
        failed: counts?.failed ?? 0,
        // A worker on a shared queue has no total of its own: the whole crawl's is what it works towards.
        total: queue ? queue.total : counts?.total,
        totalIsEstimate: queue ? queue.totalIsEstimate : (counts?.totalIsEstimate ?? true),
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
        const noun = child.record ? undefined : countsFromStatusMessage(child.statusMessage)?.noun;
        sum.unit ??= child.record?.unit ?? (noun === undefined ? undefined : toUnitForms(noun));
        const queue = crawlOf(child);
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
