import { type ChildRunProgress, hasEnded } from '../counting/child-run-figures.js';
import { mergeFailures } from '../counting/failure-counts.js';
import type { FailureCount } from '../counting/snapshot.js';
import { toUnitForms } from '../counting/units.js';
import { type ChildRecord, countsFromStatusMessage, type MessageCounts } from './child-figures.js';
import { type ChildState, stateOf } from './child-state.js';

/** The pages of every child run added up, shared crawls counted once. */
interface ChildSum {
    done: number;
    failed: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    unit: readonly [string, string] | undefined;
    /** Why the children's units failed, summed by reason, most common first. */
    failures: FailureCount[];
}

/**
 * Workers that have no record but say in their status message that they share a queue are taken to
 * share one and the same: the message does not name it.
 */
const QUEUE_OF_STATUS_MESSAGES = '(named in no record)';

/**
 * Whether a status message's counts are further on than the record's: a record is written every 30 s
 * by default, a message every few seconds, but a record read after the run can also be the newer of
 * the two. A run's counts only grow within a step, so the one further on is the fresher: a later
 * step, else more handled.
 */
function isFurtherOn(message: MessageCounts, record: ChildRecord): boolean {
    if (message.step !== undefined && record.step !== undefined && message.step !== record.step) {
        return message.step > record.step;
    }
    return message.done + message.failed > record.done + record.failed;
}

/**
 * A child's counts: its record's (exact, with its noun and failure reasons) when it is as fresh as its
 * status message, else the message's, and the message's when it has no record.
 */
function countsOf(child: ChildState) {
    const { record } = child;
    const fromMessage = countsFromStatusMessage(child.statusMessage);
    const messageIsNewer =
        fromMessage !== undefined &&
        (record === undefined || (child.statusMessage !== record.message && isFurtherOn(fromMessage, record)));
    const counts = messageIsNewer ? fromMessage : (record ?? fromMessage);
    // The whole crawl of a worker on a shared queue: the queue is named by its record only.
    const queueId = record?.sharedQueue?.queueId ?? QUEUE_OF_STATUS_MESSAGES;
    const crawl = messageIsNewer && fromMessage.sharedCrawl ? fromMessage.sharedCrawl : record?.sharedQueue;
    const noun = fromMessage?.noun;
    // The message's reasons when its counts are used and it names some; else the record's.
    const failures = (messageIsNewer ? fromMessage.failures : undefined) ?? record?.failures ?? fromMessage?.failures;
    return {
        counts,
        failures: failures ?? [],
        crawl: crawl && { ...crawl, queueId },
        unit: record?.unit ?? (noun === undefined ? undefined : toUnitForms(noun)),
    };
}

/** One child as the parent shows it. Pure. */
export function childProgress(child: ChildState): ChildRunProgress {
    const { counts, crawl, failures } = countsOf(child);
    return {
        runId: child.runId,
        label: child.label,
        state: stateOf(child),
        exitCode: child.exitCode,
        done: counts?.done ?? 0,
        failed: counts?.failed ?? 0,
        failures,
        replaced: child.replaced,
        // A worker on a shared queue has no total of its own: the whole crawl's is what it works towards.
        total: crawl ? crawl.total : counts?.total,
        totalIsEstimate: crawl ? crawl.totalIsEstimate : (counts?.totalIsEstimate ?? true),
    };
}

/**
 * Adds the children up. Their done and failed counts add up (on a shared queue every request is
 * handled by one worker), and so do their failure reasons. Totals add up too, except that the workers
 * of one shared queue count the whole crawl once (its total is the largest any of them saw), and a try
 * that was run again counts what it handled (the rest was left to its retry). The sum is an estimate
 * while a run that goes on has no firm total, or while runs are still expected. Pure.
 */
export function sumChildren(children: readonly ChildState[], expected: number): ChildSum {
    const current = children.filter((child) => !child.replaced).length;
    const sum: ChildSum = {
        done: 0,
        failed: 0,
        total: 0,
        totalIsEstimate: expected > current,
        unit: undefined,
        failures: [],
    };
    const failureLists: (readonly FailureCount[])[] = [];
    const crawls = new Map<string, { total: number; totalIsEstimate: boolean; handled: number }>();
    let totalKnown = true;
    for (const child of children) {
        if (child.notFound) continue; // it never ran: nothing to add, nothing to wait for
        const progress = childProgress(child);
        sum.done += progress.done;
        sum.failed += progress.failed;
        failureLists.push(progress.failures);
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
        if (child.replaced) {
            sum.total = (sum.total ?? 0) + progress.done + progress.failed;
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
        sum.total = undefined; // nothing is known yet: "0 pages", not "0 of at least 0 pages"
    }
    if (sum.total !== undefined) sum.total = Math.max(sum.total, sum.done + sum.failed);
    sum.failures = mergeFailures(failureLists);
    return sum;
}
