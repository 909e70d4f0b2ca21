import { isCount } from './count.js';
import { type EarlierRuns, readEarlierRuns } from './earlier-runs.js';
import { FailureCounts } from './failure-counts.js';
import type { CompletedPhase, FailureCount } from './snapshot.js';

/**
 * What a reporter saves so that a run resuming after a migration (or a restart) goes on counting
 * where it stopped. Plain JSON. Crawler counts are not the point here: Crawlee persists its own
 * statistics; these are the counts of code that counts by hand.
 */
export interface ProgressState {
    version: 1;
    /** When the run first started. */
    startedAt: number;
    /**
     * Time spent running until the save, all starts together, so that "in 5 min" covers the time
     * before a migration but not the downtime between starts (a resurrected run may have been
     * stopped for days). Absent in states saved by older versions.
     */
    elapsedMs?: number;
    done: number;
    failed: number;
    retried: number;
    /** Items saved so far. Optional: states saved before it existed have none (read as 0). */
    items?: number;
    /** Why units failed, as the snapshot had it. Optional like `items` (read as none). */
    failures?: FailureCount[];
    /** Only a numeric total is kept; a `total` function is asked again after the restart. */
    total: number | undefined;
    totalIsEstimate: boolean;
    phase: string | undefined;
    completedPhases: CompletedPhase[];
    /** A worker on a shared queue: the whole crawl's figures it had shown, never to be shown lower. */
    sharedQueue?: { handled: number; total: number };
    /**
     * The noun the counts were in, when the run had set one (an attached crawler's "pages"): the next
     * start names the restored counts the same before anything of its own sets it. Optional.
     */
    unit?: [string, string];
    /**
     * What attached crawlers' earlier `run()`s handled (see earlier-runs.ts): Crawlee restores only the
     * statistics of the run going on at the save, so the runs before it are kept here. Optional.
     */
    earlierRuns?: EarlierRuns;
}

/** A clock time or a duration in ms: finite, zero or more (a test clock may give fractions). */
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

const isUnit = (value: unknown): value is readonly [string, string] =>
    Array.isArray(value) && value.length === 2 && value.every((word) => typeof word === 'string' && word !== '');

function readPhase(value: unknown): CompletedPhase | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const phase = value as Record<string, unknown>;
    if (typeof phase.name !== 'string' || !isCount(phase.done) || !isCount(phase.failed)) return undefined;
    if (phase.total !== undefined && phase.total !== null && !isCount(phase.total)) return undefined;
    return {
        name: phase.name,
        done: phase.done,
        failed: phase.failed,
        total: isCount(phase.total) ? phase.total : undefined,
        ...(isUnit(phase.unit) ? { unit: [phase.unit[0], phase.unit[1]] as const } : {}),
    };
}

/** Saved reasons, checked one by one (a bad entry is dropped) and bounded like live ones. */
function readFailures(value: unknown): FailureCount[] {
    if (!Array.isArray(value)) return [];
    const counts = new FailureCounts();
    for (const entry of value as unknown[]) {
        const { reason, count } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
        if (typeof reason === 'string' && reason !== '' && isCount(count)) counts.add(reason, count);
    }
    return counts.list();
}

/**
 * Reads what a previous start saved, or undefined when there is nothing usable: a store holds
 * whatever anyone put under the key, so nothing is trusted without a check.
 */
export function parseProgressState(value: unknown): ProgressState | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const state = value as Record<string, unknown>;
    if (state.version !== 1) return undefined;
    if (!isTime(state.startedAt) || !isCount(state.done) || !isCount(state.failed)) return undefined;
    const phases = Array.isArray(state.completedPhases) ? state.completedPhases.map(readPhase) : [];
    if (phases.some((phase) => phase === undefined)) return undefined;
    return {
        version: 1,
        startedAt: state.startedAt,
        ...(isTime(state.elapsedMs) ? { elapsedMs: state.elapsedMs } : {}),
        done: state.done,
        failed: state.failed,
        retried: isCount(state.retried) ? state.retried : 0,
        items: isCount(state.items) ? state.items : 0,
        failures: readFailures(state.failures),
        total: isCount(state.total) ? state.total : undefined,
        totalIsEstimate: state.totalIsEstimate === true,
        phase: typeof state.phase === 'string' ? state.phase : undefined,
        completedPhases: phases as CompletedPhase[],
        ...readSharedQueue(state.sharedQueue),
        ...(isUnit(state.unit) ? { unit: [state.unit[0], state.unit[1]] } : {}),
        ...readSavedEarlierRuns(state.earlierRuns),
    };
}

function readSavedEarlierRuns(value: unknown): Pick<ProgressState, 'earlierRuns'> {
    const earlierRuns = readEarlierRuns(value);
    return earlierRuns ? { earlierRuns } : {};
}

function readSharedQueue(value: unknown): Pick<ProgressState, 'sharedQueue'> {
    if (typeof value !== 'object' || value === null) return {};
    const { handled, total } = value as Record<string, unknown>;
    return isCount(handled) && isCount(total) ? { sharedQueue: { handled, total } } : {};
}
