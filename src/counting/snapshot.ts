import type { ChargedAmount } from './charges.js';
import type { ChildRunsProgress } from './child-run-figures.js';
import type { SharedQueueProgress } from './shared-queue-figures.js';

/**
 * Where a run stands. `running` and `migrating` are progress; the others are terminal wordings.
 */
export type RunStatus = 'running' | 'migrating' | 'finished' | 'failed' | 'aborted' | 'timed-out';

/** The statuses a run can end in. */
export type TerminalStatus = Exclude<RunStatus, 'running' | 'migrating'>;

export interface PhaseInfo {
    /** The step's name, e.g. "Enriching". */
    name: string;
    /** 1-based number of this step. */
    index: number;
    /** How many steps there are, when known. */
    count: number | undefined;
}

/** A step that has ended, as the terminal summary lists it. */
export interface CompletedPhase {
    name: string;
    done: number;
    failed: number;
    total: number | undefined;
    /** The step's own noun; the run's unit when absent. */
    unit?: readonly [singular: string, plural: string];
}

/** Requests (or units) that failed for one reason, as the snapshot groups them. */
export interface FailureCount {
    /** Short, plain words: "HTTP 500", "timeout", "TypeError in the handler". Never raw error text. */
    reason: string;
    count: number;
}

/** Everything a message is made from. Plain data: safe to log, compare or keep. */
export interface ProgressSnapshot {
    status: RunStatus;
    /** `[singular, plural]` of the counted noun. */
    unit: readonly [singular: string, plural: string];
    /** Units finished successfully. */
    done: number;
    /** Units that failed for good (after their retries). */
    failed: number;
    /**
     * Retries so far: what `retry(n)` counted (a unit retried twice counts 2); for a crawler, Crawlee's
     * `requestsRetries`, the requests that needed at least one retry.
     */
    retried: number;
    /** Items the run saved to its default dataset (a crawler's `pushData`, `Actor.pushData`, or counted by hand). */
    items: number;
    /** Why units failed, most common first; bounded in size whatever the run does. */
    failures: readonly FailureCount[];
    /** How many units there are in all, when known. */
    total: number | undefined;
    /** The total is what has been found so far and may still grow (a crawl discovering links). */
    totalIsEstimate: boolean;
    /** Clock time the run started, ms since the epoch. */
    startedAt: number;
    /** Clock time of this snapshot. */
    now: number;
    elapsedMs: number;
    /** Units handled (done + failed) per minute, smoothed; undefined until there is enough to go on. */
    ratePerMinute: number | undefined;
    /** Time left at the current rate; only with a firm total and a meaningful rate. */
    etaMs: number | undefined;
    /**
     * Where a growing total (`totalIsEstimate`) will likely end, projected from the crawl's links; never
     * below `total`, never above a crawl's cap. Null when the total is firm or unknown, and when the
     * evidence does not allow a projection (the reporter abstains). See docs/projection.md.
     */
    projectedTotal?: number | null;
    /**
     * Seconds left the reporter expects: from the firm total when there is one (as `etaMs`), else from
     * `projectedTotal`; null when it cannot tell. Absent from snapshots not made by a reporter.
     */
    projectedSecondsLeft?: number | null;
    /**
     * How long the counts (done + failed) have not moved, once that is a minute or more and the run
     * is running; absent otherwise. The message then says "no progress for 1 min" instead of a rate.
     */
    stalledMs?: number;
    /** The current step, when the run works in phases. */
    phase?: PhaseInfo;
    /** Steps already finished, for a terminal summary. */
    completedPhases?: readonly CompletedPhase[];
    /** Why the run failed or was aborted: the end reason (why units failed is in `failures`). */
    reason?: string;
    /**
     * Only for a worker on a request queue that several runs share (the `sharedQueue` option): the
     * whole crawl. `done` and `failed` are then this run's share, and `total` is undefined.
     */
    sharedQueue?: SharedQueueProgress;
    /** Only for a parent following child runs (`reporter.followRuns()`): how each of them stands. */
    childRuns?: ChildRunsProgress;
    /**
     * What a pay-per-event run has charged so far, in US dollars, and its maximum; `null` when the run
     * is not pay-per-event (a reporter always sets it; optional for snapshots made by hand).
     */
    charged?: ChargedAmount | null;
}
