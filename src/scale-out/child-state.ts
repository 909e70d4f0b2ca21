import type { ChildRunState } from '../counting/child-run-figures.js';
import { type HeldCounts, holdReading, newHeldCounts, readingOfMessage, readingOfRecord } from './child-counts.js';
import { type ChildRecord, countsFromStatusMessage, recordSaysEnded } from './child-figures.js';

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
    /** The API answered 404: no such run, or the token may not read it. Never read again. */
    notFound: boolean;
    /** apify-orchestrator ran it again under the same name: counted in pages and endings, not expected. */
    replaced: boolean;
    exitCode: number | undefined;
    statusMessage: string | undefined;
    /** The last record read (its status, its message, the queue it shares). */
    record: ChildRecord | undefined;
    /** What its records and messages said of its counts: never less than was seen (see `HeldCounts`). */
    held: HeldCounts;
    /** The last read of its record found none. */
    recordMissing: boolean;
    /** Its record has been asked for at least once. */
    recordTried: boolean;
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
        notFound: false,
        replaced: false,
        exitCode: undefined,
        statusMessage: undefined,
        record: undefined,
        held: newHeldCounts(),
        recordMissing: false,
        recordTried: false,
        recordReadAfterEnd: false,
        readsSinceRun: 0,
        readsSinceRecord: 0,
        lastReadAt: undefined,
        inFlight: false,
    };
}

/**
 * A run's progress record is read this often (in reads), and right after the run's first read. Records
 * are written at most every 30 s by default (the `recordIntervalSecs` of the child), while its status
 * message changes every interval: the run is read in between, for its status and fresh message.
 */
export const RECORD_EVERY = 6;

const FINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

/** True once the platform says the run is over (or it is lost). */
export function isOver(child: ChildState): boolean {
    return child.lost || (child.platformStatus !== undefined && FINAL_STATUSES.has(child.platformStatus));
}

/** True once nothing about the run can change: no more GETs for it. */
export function isSettled(child: ChildState): boolean {
    if (child.lost || child.notFound) return true;
    // Its record is read once after the end even when it had none: it may have written its last one late.
    return isOver(child) && (child.recordReadAfterEnd || child.storeId === undefined);
}

/** The run's state in the parent's words. */
export function stateOf(child: ChildState): ChildRunState {
    if (child.notFound) return 'not-found';
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
 * settled. The run itself (`GET /v2/actor-runs/:id`: its status, exit code and status message, fresh
 * every interval) is what is read while it goes on, so its end is seen at once, even a silent one (a
 * `SIGKILL` writes no record); its progress record (exact counts, its noun, the queue it shares) right
 * after the first read of the run and every `RECORD_EVERY` reads. After the platform says the run is
 * over, its record is read once more for its last counts, unless the record read before already said
 * it ended. With `recheckEndedMs`, a run that ended is read again that long after its last read (a run
 * can be resurrected). Pure: time is passed in.
 */
export function nextRead(
    child: ChildState,
    now: number,
    intervalMs: number,
    recheckEndedMs?: number,
): 'run' | 'record' | undefined {
    if (child.inFlight) return undefined;
    const since = child.lastReadAt === undefined ? Number.POSITIVE_INFINITY : now - child.lastReadAt;
    if (isSettled(child)) {
        const mayComeBack = isOver(child) && !child.lost && !child.notFound && !child.replaced;
        return mayComeBack && recheckEndedMs !== undefined && since >= recheckEndedMs ? 'run' : undefined;
    }
    if (since < intervalMs) return undefined;
    if (child.storeId === undefined) return isOver(child) ? undefined : 'run';
    if (isOver(child) || !child.recordTried) return 'record';
    return child.readsSinceRecord >= RECORD_EVERY ? 'record' : 'run';
}

/** What a GET of the run answered, as far as used. */
export interface RunAnswer {
    status?: unknown;
    exitCode?: unknown;
    statusMessage?: unknown;
    /** Whether `statusMessage` is the run's last: its own terminal message, or the platform's. */
    isStatusMessageTerminal?: unknown;
    defaultKeyValueStoreId?: unknown;
}

/** Takes in a GET of the run (or a run an orchestrator reported). */
export function applyRun(child: ChildState, run: RunAnswer): void {
    const wasOver = isOver(child);
    if (typeof run.status === 'string') child.platformStatus = run.status;
    if (wasOver && !isOver(child)) resurrected(child);
    if (typeof run.exitCode === 'number') child.exitCode = run.exitCode;
    if (typeof run.statusMessage === 'string') {
        child.statusMessage = run.statusMessage;
        // The platform's own last word ("Actor finished with exit code 137") has no counts: nothing is taken.
        const counts = countsFromStatusMessage(run.statusMessage);
        if (counts) holdReading(child.held, readingOfMessage(counts, run.isStatusMessageTerminal === true));
    }
    if (typeof run.defaultKeyValueStoreId === 'string') child.storeId = run.defaultKeyValueStoreId;
    // A record that already said the run ended is its last one: no need to read it again.
    if (isOver(child) && recordSaysEnded(child.record)) child.recordReadAfterEnd = true;
}

/**
 * A run that had ended runs again (resurrected): what it ends with next is not known yet, so its last
 * record is read again at its next end, and its counts go on from what was seen.
 */
function resurrected(child: ChildState): void {
    child.recordReadAfterEnd = false;
    child.exitCode = undefined;
    child.held.final = false;
    const lastStep = child.held.steps.get(Math.max(0, ...child.held.steps.keys()));
    if (lastStep) lastStep.final = false;
}

/** Takes in a read of the record: `undefined` when there is none (or it is not a progress document). */
export function applyRecord(child: ChildState, record: ChildRecord | undefined, overBefore: boolean): void {
    child.recordTried = true;
    if (record) {
        child.record = record;
        holdReading(child.held, readingOfRecord(record));
    }
    child.recordMissing = record === undefined && child.record === undefined;
    if (overBefore) child.recordReadAfterEnd = true;
}

/** Counts a read that was made, of which kind. */
export function countRead(child: ChildState, kind: 'run' | 'record', now: number): void {
    child.lastReadAt = now;
    child.readsSinceRun = kind === 'run' ? 0 : child.readsSinceRun + 1;
    child.readsSinceRecord = kind === 'record' ? 0 : child.readsSinceRecord + 1;
}
