import type { FailureCount } from '../counting/snapshot.js';
import { toUnitForms } from '../counting/units.js';
import { type ChildRecord, type MessageCounts, recordSaysEnded } from './child-figures.js';

/** A noun in its two forms, `['page', 'pages']`. */
export type UnitForms = readonly [singular: string, plural: string];

/** What has been seen of one step of a child (step 0: a child that does not work in steps). */
export interface StepCounts {
    done: number;
    failed: number;
    /** Units in the step, when the child said; an estimate may still grow. */
    total: number | undefined;
    totalIsEstimate: boolean;
    /** The step's noun, when the child named it. */
    unit: UnitForms | undefined;
    /** Its counts are its last: the step was finished, or the child said it ended. */
    final: boolean;
}

/** The whole crawl of a shared queue, as a worker last said it. */
export interface CrawlSeen {
    /** The queue, when the worker's record named it (a message never does). */
    queueId: string | undefined;
    handled: number;
    total: number;
    totalIsEstimate: boolean;
}

/**
 * Everything the parent has seen of a child's counts, from its record and its status messages. Held,
 * never given back: a count only grows (a later read can be an older record, or the platform's own
 * "Actor finished with exit code 137", which has no counts), so what was seen once stays seen.
 */
export interface HeldCounts {
    steps: Map<number, StepCounts>;
    /** How many steps the child has in all, when it said. */
    stepCount: number | undefined;
    crawl: CrawlSeen | undefined;
    /** Why its units failed, each reason at the most it was seen at. */
    failures: Map<string, number>;
    /** The child itself said it ended (its record, or a terminal message of its own with counts). */
    final: boolean;
}

/** One reading of a child: a record, or a status message. */
export interface ChildReading {
    steps: readonly [number, StepCounts][];
    stepCount: number | undefined;
    crawl: CrawlSeen | undefined;
    failures: readonly FailureCount[];
    final: boolean;
}

export function newHeldCounts(): HeldCounts {
    return { steps: new Map(), stepCount: undefined, crawl: undefined, failures: new Map(), final: false };
}

/** A record as a reading: its current step, and the steps it finished (step 1 first). */
export function readingOfRecord(record: ChildRecord): ChildReading {
    const final = recordSaysEnded(record);
    const current = record.step ?? 0;
    const steps: [number, StepCounts][] = [];
    if (current >= 1) {
        (record.completedSteps ?? []).forEach((step, index) => {
            if (index + 1 >= current) return;
            steps.push([index + 1, { ...step, totalIsEstimate: false, unit: step.unit ?? record.unit, final: true }]);
        });
    }
    steps.push([
        current,
        {
            done: record.done,
            failed: record.failed,
            total: record.total,
            totalIsEstimate: record.totalIsEstimate,
            unit: record.unit,
            final,
        },
    ]);
    const queue = record.sharedQueue;
    return {
        steps,
        stepCount: record.stepCount,
        crawl: queue && {
            queueId: queue.queueId,
            handled: queue.handled,
            total: queue.total,
            totalIsEstimate: queue.totalIsEstimate,
        },
        failures: record.failures,
        final,
    };
}

/** A status message's counts as a reading; `terminal` when it is the child's own last message. */
export function readingOfMessage(counts: MessageCounts, terminal: boolean): ChildReading {
    const step: StepCounts = {
        done: counts.done,
        failed: counts.failed,
        total: counts.total,
        totalIsEstimate: counts.totalIsEstimate,
        unit: counts.noun === undefined ? undefined : toUnitForms(counts.noun),
        final: terminal,
    };
    const crawl = counts.sharedCrawl;
    return {
        steps: [[counts.step ?? 0, step]],
        stepCount: counts.stepCount,
        crawl: crawl && { queueId: undefined, ...crawl },
        failures: counts.failures ?? [],
        final: terminal,
    };
}

/** One step's counts, what was held and what was read merged: counts only grow; a final total is kept. */
function mergeStep(held: StepCounts | undefined, read: StepCounts): StepCounts {
    if (!held) return { ...read };
    const done = Math.max(held.done, read.done);
    const failed = Math.max(held.failed, read.failed);
    let { total, totalIsEstimate } = held;
    // Once a step's counts are final, only another final word may change its total.
    if (read.total !== undefined && (!held.final || read.final)) {
        const grows = read.totalIsEstimate && !read.final;
        total = grows ? Math.max(held.total ?? 0, read.total) : read.total;
        totalIsEstimate = grows;
    }
    if (total !== undefined) total = Math.max(total, done + failed);
    return { done, failed, total, totalIsEstimate, unit: read.unit ?? held.unit, final: held.final || read.final };
}

/**
 * Takes a reading into what is held of a child, never lowering a count. Counts a child made before its
 * first step belong to that step (as the reporter counts them), so step 0 is folded into step 1 once
 * steps show; after that a reading with no step (a summary at the end) says nothing per step.
 */
export function holdReading(held: HeldCounts, reading: ChildReading): void {
    for (const [index, read] of reading.steps) {
        const inSteps = [...held.steps.keys()].some((step) => step >= 1);
        if (index === 0 && inSteps) continue;
        if (index >= 1) {
            const before = held.steps.get(0);
            held.steps.delete(0);
            if (before && index === 1) held.steps.set(1, mergeStep(before, read));
            else if (before) held.steps.set(1, mergeStep(held.steps.get(1), before));
        }
        held.steps.set(index, mergeStep(held.steps.get(index), read));
    }
    held.stepCount = reading.stepCount ?? held.stepCount;
    if (reading.crawl) held.crawl = mergeCrawl(held.crawl, reading.crawl);
    for (const { reason, count } of reading.failures) {
        held.failures.set(reason, Math.max(held.failures.get(reason) ?? 0, count));
    }
    held.final ||= reading.final;
}

/** The crawl as seen: counts only grow; whether it may still grow is the word of whoever saw the most. */
function mergeCrawl(held: CrawlSeen | undefined, read: CrawlSeen): CrawlSeen {
    if (!held) return { ...read };
    const newest = read.handled >= held.handled;
    return {
        queueId: read.queueId ?? held.queueId,
        handled: Math.max(held.handled, read.handled),
        total: Math.max(held.total, read.total),
        totalIsEstimate: newest ? read.totalIsEstimate : held.totalIsEstimate,
    };
}

/** A child's counts in one noun: its steps in that noun added up. */
export interface UnitCounts {
    unit: UnitForms | undefined;
    done: number;
    failed: number;
    /** Undefined while a step that goes on has not said its total. */
    total: number | undefined;
    totalIsEstimate: boolean;
}

/**
 * A child's counts by noun (the plural), its steps in each added up. Steps that named no noun count
 * in `mainPlural` (the parent's noun). The totals are an estimate while a step that goes on says so,
 * or while the child has steps still to come.
 */
export function countsByUnit(held: HeldCounts, mainPlural: string | undefined): Map<string, UnitCounts> {
    const byUnit = new Map<string, UnitCounts & { totalKnown: boolean }>();
    const lastStep = Math.max(0, ...held.steps.keys());
    const stepsToCome = !held.final && held.stepCount !== undefined && lastStep < held.stepCount;
    for (const step of held.steps.values()) {
        const key = step.unit?.[1] ?? mainPlural ?? '';
        const group = byUnit.get(key) ?? {
            unit: step.unit,
            done: 0,
            failed: 0,
            total: 0,
            totalIsEstimate: stepsToCome,
            totalKnown: true,
        };
        group.unit ??= step.unit;
        group.done += step.done;
        group.failed += step.failed;
        const stepTotal = step.total ?? (step.final ? step.done + step.failed : undefined);
        if (stepTotal === undefined) group.totalKnown = false;
        else group.total = (group.total ?? 0) + stepTotal;
        if (step.totalIsEstimate && !step.final) group.totalIsEstimate = true;
        byUnit.set(key, group);
    }
    const counts = new Map<string, UnitCounts>();
    for (const [key, { totalKnown, ...group }] of byUnit) {
        counts.set(key, { ...group, total: totalKnown ? group.total : undefined });
    }
    return counts;
}

/** The noun of the step the child is in now (the latest it was seen in), when it named one. */
export function currentUnit(held: HeldCounts): UnitForms | undefined {
    const steps = [...held.steps.entries()].sort(([a], [b]) => b - a);
    return steps.find(([, step]) => step.unit !== undefined)?.[1].unit;
}

/** The failure reasons held, most common first. */
export function heldFailures(held: HeldCounts): FailureCount[] {
    return [...held.failures].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
