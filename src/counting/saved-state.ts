import { isCount } from './count.js';
import type { CompletedPhase } from './snapshot.js';

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
    /** Only a numeric total is kept; a `total` function is asked again after the restart. */
    total: number | undefined;
    totalIsEstimate: boolean;
    phase: string | undefined;
    completedPhases: CompletedPhase[];
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
        total: isCount(state.total) ? state.total : undefined,
        totalIsEstimate: state.totalIsEstimate === true,
        phase: typeof state.phase === 'string' ? state.phase : undefined,
        completedPhases: phases as CompletedPhase[],
    };
}
