import { type ChildRunProgress, type ChildUnitCounts, hasEnded } from '../counting/child-run-figures.js';
import { mergeFailures } from '../counting/failure-counts.js';
import type { FailureCount } from '../counting/snapshot.js';
import { countsByUnit, currentUnit, heldFailures, type UnitCounts, type UnitForms } from './child-counts.js';
import { type ChildState, stateOf } from './child-state.js';

/** The pages of every child run added up, shared crawls counted once, other nouns apart. */
interface ChildSum {
    /** What the children said they finished and failed: never more than they did. */
    done: number;
    failed: number;
    /**
     * What the shared queues of workers that all ended handled beyond what the workers said (a worker
     * killed before it said so): each page done or failed, which is not known. Never counted as done.
     */
    unreported: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    /** The noun summed ("pages"): the one given, else the first a child named. */
    unit: UnitForms | undefined;
    /** Why the children's units failed, summed by reason, most common first. */
    failures: FailureCount[];
    /** What children counting another noun did ("30 of 80 products"), one entry per noun. */
    otherUnits: ChildUnitCounts[];
}

/**
 * Workers that have no record but say in their status message that they share a queue are taken to
 * share one and the same: the message does not name it.
 */
const QUEUE_OF_STATUS_MESSAGES = '(named in no record)';

/** The noun a child counts in first: the one it counts in now. */
function unitOf(child: ChildState): UnitForms | undefined {
    return currentUnit(child.held);
}

/**
 * A child's counts in the parent's noun when it counts in it (or names none), else in its own: what
 * its line in the parent's message says.
 */
function headlineCounts(child: ChildState, mainUnit: UnitForms | undefined): UnitCounts | undefined {
    const byUnit = countsByUnit(child.held, mainUnit?.[1]);
    const main = mainUnit ? byUnit.get(mainUnit[1]) : undefined;
    return main ?? byUnit.get('') ?? [...byUnit.values()][0];
}

/** One child as the parent shows it, in the parent's noun `mainUnit` when it counts in it. Pure. */
export function childProgress(child: ChildState, mainUnit: UnitForms | undefined = unitOf(child)): ChildRunProgress {
    const counts = headlineCounts(child, mainUnit);
    const { crawl } = child.held;
    return {
        runId: child.runId,
        label: child.label,
        state: stateOf(child),
        exitCode: child.exitCode,
        done: counts?.done ?? 0,
        failed: counts?.failed ?? 0,
        failures: heldFailures(child.held),
        replaced: child.replaced,
        // A worker on a shared queue has no total of its own: the whole crawl's is what it works towards.
        total: crawl ? crawl.total : counts?.total,
        totalIsEstimate: crawl ? crawl.totalIsEstimate : (counts?.totalIsEstimate ?? true),
        unit: counts?.unit ?? (counts ? mainUnit : undefined),
        final: child.held.final,
    };
}

/** The whole crawl of one shared queue, and what its workers said they did in it. */
interface SharedCrawl {
    handled: number;
    total: number;
    totalIsEstimate: boolean;
    /** The workers' shares added up. */
    done: number;
    failed: number;
    /** Every worker of it has ended: what their shares leave out of the handled, none of them will say. */
    ended: boolean;
}

/** The first noun a child named, in the order they are followed: what the parent counts in by default. */
function firstUnit(children: readonly ChildState[]): UnitForms | undefined {
    for (const child of children) {
        const unit = unitOf(child);
        if (unit) return unit;
    }
    return undefined;
}

/** Adds a child's total in one noun to `into`: an ended child without one counts what it handled. */
function addTotal(
    into: { total: number | undefined; totalIsEstimate: boolean; totalKnown: boolean },
    counts: UnitCounts,
    ended: boolean,
): void {
    const handled = counts.done + counts.failed;
    if (counts.total === undefined) {
        if (ended) into.total = (into.total ?? 0) + handled;
        else into.totalKnown = false;
        return;
    }
    into.total = (into.total ?? 0) + Math.max(counts.total, handled);
    if (counts.totalIsEstimate && !ended) into.totalIsEstimate = true;
}

/**
 * Adds the children up. Their done and failed counts add up (on a shared queue every request is
 * handled by one worker), and so do their failure reasons. Totals add up too, except that the workers
 * of one shared queue count the whole crawl once (its total is the largest any of them saw, and once
 * they all ended, what its queue handled beyond their words is `unreported`: a worker killed before it
 * said so did it, done or failed), and a try that was run again counts what it handled (the rest was left to its retry).
 * Children counting another noun than `mainUnit` are added up apart, by noun. The sum is an estimate
 * while a run that goes on has no firm total, or while runs are still expected. Pure.
 */
export function sumChildren(
    children: readonly ChildState[],
    expected: number,
    mainUnit: UnitForms | undefined = firstUnit(children),
): ChildSum {
    const current = children.filter((child) => !child.replaced).length;
    const main = {
        done: 0,
        failed: 0,
        total: 0 as number | undefined,
        totalIsEstimate: expected > current,
        totalKnown: true,
    };
    const others = new Map<string, UnitCounts & { totalKnown: boolean }>();
    const failureLists: FailureCount[][] = [];
    const crawls = new Map<string, SharedCrawl>();
    let unreported = 0;
    for (const child of children) {
        if (child.notFound) continue; // it never ran: nothing to add, nothing to wait for
        const ended = hasEnded(stateOf(child));
        for (const [key, counts] of countsByUnit(child.held, mainUnit?.[1])) {
            if (mainUnit !== undefined && key !== mainUnit[1] && key !== '') {
                const other = others.get(key) ?? { ...counts, done: 0, failed: 0, total: 0, totalKnown: true };
                other.done += counts.done;
                other.failed += counts.failed;
                addTotal(other, counts, ended);
                others.set(key, other);
                continue;
            }
            main.done += counts.done;
            main.failed += counts.failed;
            failureLists.push(heldFailures(child.held));
            const { crawl } = child.held;
            if (crawl) {
                addToCrawl(crawls, crawl.queueId ?? QUEUE_OF_STATUS_MESSAGES, crawl, counts, ended);
            } else if (child.replaced) {
                main.total = (main.total ?? 0) + counts.done + counts.failed;
            } else {
                addTotal(main, counts, ended);
            }
        }
    }
    // A run that goes on and has named no queue yet (it said nothing so far) may be a worker of one.
    const silentRunning = children.some((child) => !child.notFound && !child.held.crawl && !hasEnded(stateOf(child)));
    for (const crawl of oneCrawlPerQueue(crawls)) {
        main.total = (main.total ?? 0) + crawl.total;
        if (crawl.totalIsEstimate) main.totalIsEstimate = true;
        // What the queue handled was done or failed by one of its workers, whether or not it said so: once
        // they all ended, what their last words leave out is a killed worker's, and it may have failed
        // some of it just before it died (the queue does not say which): handled, never counted done.
        // Not before: a worker that goes on has yet to say what it did.
        if (crawl.ended && !silentRunning) unreported += Math.max(0, crawl.handled - crawl.failed - crawl.done);
    }
    if (!main.totalKnown) main.totalIsEstimate = true;
    let total = main.total;
    if (total === 0 && children.every((child) => child.held.steps.size === 0 && !child.held.crawl)) {
        total = undefined; // nothing is known yet: "0 pages", not "0 of at least 0 pages"
    }
    if (total !== undefined) total = Math.max(total, main.done + main.failed + unreported);
    return {
        done: main.done,
        failed: main.failed,
        unreported,
        total,
        totalIsEstimate: main.totalIsEstimate,
        unit: mainUnit,
        failures: mergeFailures(failureLists),
        otherUnits: [...others.values()].map(({ totalKnown, unit, done, failed, total: sum, totalIsEstimate }) => ({
            unit: unit ?? ['unit', 'units'],
            done,
            failed,
            total: totalKnown ? Math.max(sum ?? 0, done + failed) : undefined,
            totalIsEstimate: totalIsEstimate || !totalKnown,
        })),
    };
}

function addToCrawl(
    crawls: Map<string, SharedCrawl>,
    queueId: string,
    seen: { handled: number; total: number; totalIsEstimate: boolean },
    share: UnitCounts,
    ended: boolean,
): void {
    const crawl = crawls.get(queueId);
    if (!crawl) {
        crawls.set(queueId, { ...seen, done: share.done, failed: share.failed, ended });
        return;
    }
    crawl.ended &&= ended;
    // The one that saw the most handled has the latest word on whether the queue is drained.
    if (seen.handled >= crawl.handled) {
        crawl.handled = seen.handled;
        crawl.totalIsEstimate = seen.totalIsEstimate;
    }
    crawl.total = Math.max(crawl.total, seen.total);
    crawl.done += share.done;
    crawl.failed += share.failed;
}

/**
 * Workers whose record has not been read yet share the queue their co-workers' records name, when
 * there is just one: counting it twice would double the total.
 */
function oneCrawlPerQueue(crawls: Map<string, SharedCrawl>): SharedCrawl[] {
    const unnamed = crawls.get(QUEUE_OF_STATUS_MESSAGES);
    const named = [...crawls.keys()].filter((queueId) => queueId !== QUEUE_OF_STATUS_MESSAGES);
    const onlyNamed = named.length === 1 ? crawls.get(named[0] ?? '') : undefined;
    if (unnamed && onlyNamed) {
        if (unnamed.handled > onlyNamed.handled) {
            onlyNamed.handled = unnamed.handled;
            onlyNamed.totalIsEstimate = unnamed.totalIsEstimate;
        }
        onlyNamed.total = Math.max(onlyNamed.total, unnamed.total);
        onlyNamed.done += unnamed.done;
        onlyNamed.failed += unnamed.failed;
        onlyNamed.ended &&= unnamed.ended;
        crawls.delete(QUEUE_OF_STATUS_MESSAGES);
    }
    return [...crawls.values()];
}
