import type { ChildRunState } from '../counting/child-runs.js';
import { type ChildRecord, recordSaysEnded } from './child-figures.js';

/** What the parent knows of one child run. Updated by the follower; read by the pure functions here. */
export interface ChildState {
    readonly runId: string;
    label: string;
    /** Its default key-value store, where its progress record is; known after the first GET of the run. */
    storeId: string | undefined;
    /** The platform's status: READY, RUNNING, SUCCEEDED, FAILED, TIMING-OUT, TIMED-OUT, ABORTING, ABORTED. */
    platformStatus: string | undefined;
    /** apify-orchestrator lost track of it (the run is gone). */
    lost: boolean;
    exitCode: number | undefined;
    statusMessage: string | undefined;
    record: ChildRecord | undefined;
    /** The last read of its record found none. */
    recordMissing: boolean;
    /** Its record was read after its final status was known: nothing more can change. */
    recordReadAfterEnd: boolean;
    /** Reads since the run itself was last read, and since the record was last tried. */
    readsSinceRun: number;
    readsSinceRecord: number;
    /** When its last GET started, on the reporter's clock. */
    lastReadAt: number | undefined;
    inFlight: boolean;
}

export function newChildState(runId: string, label: string | undefined): ChildState {
    return {
        runId,
        label: label ?? runId,
        storeId: undefined,
        platformStatus: undefined,
        lost: false,
        exitCode: undefined,
        statusMessage: undefined,
        record: undefined,
        recordMissing: false,
        recordReadAfterEnd: false,
        readsSinceRun: 0,
        readsSinceRecord: 0,
        lastReadAt: undefined,
        inFlight: false,
    };
}

/** A run is checked this often (in reads) even when its record says it goes on: it may have died silently. */
export const RUN_CHECK_EVERY = 6;
/** A run with no record is still asked for one this often (in reads): it may write one later. */
export const RECORD_RETRY_EVERY = 6;

const FINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

/** True once the platform says the run is over (or it is lost). */
export function isOver(child: ChildState): boolean {
    return child.lost || (child.platformStatus !== undefined && FINAL_STATUSES.has(child.platformStatus));
}

/** True once nothing about the run can change: no more GETs for it. */
export function isSettled(child: ChildState): boolean {
    if (child.lost) return true;
    // Its record is read once after the end even when it had none: it may have written its last one late.
    return isOver(child) && (child.recordReadAfterEnd || child.storeId === undefined);
}

/** The run's state in the parent's words. */
export function stateOf(child: ChildState): ChildRunState {
    if (child.lost) return 'lost';
    switch (child.platformStatus) {
        case undefined:
        case 'READY':
            return 'starting';
        case 'SUCCEEDED':
            return 'finished';
        case 'FAILED':
            return 'failed';
        case 'ABORTED':
            return 'aborted';
        case 'TIMED-OUT':
            return 'timed-out';
        default:
            return 'running'; // RUNNING, and ABORTING / TIMING-OUT, which are still ending
    }
}

/**
 * Which GET to make for `child` now, if any: at most one per run per interval, one at a time, none once
 * settled. The record has the counts and the child's own status, so it is what is read while the run
 * goes on; the run itself (status, exit code, status message) is read first (for its store), when the
 * record says the run ended, when it has no record, and every `RUN_CHECK_EVERY` reads in case it died
 * without a word. After the platform says it is over, its record is read once more for its last counts,
 * unless the record read before already said it ended.
 * Pure: time is passed in.
 */
export function nextRead(child: ChildState, now: number, intervalMs: number): 'run' | 'record' | undefined {
    if (child.inFlight || isSettled(child)) return undefined;
    if (child.lastReadAt !== undefined && now - child.lastReadAt < intervalMs) return undefined;
    if (child.storeId === undefined) return isOver(child) ? undefined : 'run';
    if (isOver(child)) return 'record';
    if (recordSaysEnded(child.record)) return 'run';
    if (child.recordMissing) return child.readsSinceRecord >= RECORD_RETRY_EVERY ? 'record' : 'run';
    return child.readsSinceRun >= RUN_CHECK_EVERY ? 'run' : 'record';
}

/** What a GET of the run answered, as far as used. */
export interface RunAnswer {
    status?: unknown;
    exitCode?: unknown;
    statusMessage?: unknown;
    defaultKeyValueStoreId?: unknown;
}

/** Takes in a GET of the run (or a run an orchestrator reported). */
export function applyRun(child: ChildState, run: RunAnswer): void {
    if (typeof run.status === 'string') child.platformStatus = run.status;
    if (typeof run.exitCode === 'number') child.exitCode = run.exitCode;
    if (typeof run.statusMessage === 'string') child.statusMessage = run.statusMessage;
    if (typeof run.defaultKeyValueStoreId === 'string') child.storeId = run.defaultKeyValueStoreId;
    // A record that already said the run ended is its last one: no need to read it again.
    if (isOver(child) && recordSaysEnded(child.record)) child.recordReadAfterEnd = true;
}

/** Takes in a read of the record: `undefined` when there is none (or it is not a progress document). */
export function applyRecord(child: ChildState, record: ChildRecord | undefined, overBefore: boolean): void {
    if (record) child.record = record;
    child.recordMissing = record === undefined && child.record === undefined;
    if (overBefore) child.recordReadAfterEnd = true;
}

/** Counts a read that was made, of which kind. */
export function countRead(child: ChildState, kind: 'run' | 'record', now: number): void {
    child.lastReadAt = now;
    child.readsSinceRun = kind === 'run' ? 0 : child.readsSinceRun + 1;
    child.readsSinceRecord = kind === 'record' ? 0 : child.readsSinceRecord + 1;
}
