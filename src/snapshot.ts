/**
 * Where a run stands. `running` and `migrating` are progress; the others are terminal wordings.
 */
export type RunStatus = 'running' | 'migrating' | 'finished' | 'failed' | 'aborted' | 'timed-out';

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
    /** The current step, when the run works in phases. */
    phase?: PhaseInfo;
    /** Steps already finished, for a terminal summary. */
    completedPhases?: readonly CompletedPhase[];
    /** Why the run failed or was aborted. */
    reason?: string;
}

/** Until this much time has passed, a rate is mostly start-up noise and is not shown. */
export const MIN_RATE_WINDOW_MS = 5_000;
/** Observations closer together than this are merged: a burst says little about a rate. */
const MIN_OBSERVATION_GAP_MS = 1_000;
/** The smoothed rate forgets half of its past every 15 s: steady between updates, yet it follows a slowdown within a minute. */
const RATE_HALF_LIFE_MS = 15_000;

/**
 * A rate smoothed by an exponential moving average, as tqdm does, but weighted by time so that
 * observations made at irregular moments (whenever a message is rendered) count fairly.
 * Pure: time is passed in.
 */
export class RateMeter {
    #startedAt: number;
    #lastCount = 0;
    #lastTime: number;
    #perMs: number | undefined;

    constructor(startedAt: number) {
        this.#startedAt = startedAt;
        this.#lastTime = startedAt;
    }

    /** Starts over, e.g. for a new phase or after a migration restored the counts. */
    reset(startedAt: number, count = 0): void {
        this.#startedAt = startedAt;
        this.#lastTime = startedAt;
        this.#lastCount = count;
        this.#perMs = undefined;
    }

    observe(count: number, now: number): void {
        const gap = now - this.#lastTime;
        if (gap < MIN_OBSERVATION_GAP_MS || now - this.#startedAt < MIN_RATE_WINDOW_MS) return;
        const instant = Math.max(0, count - this.#lastCount) / gap;
        if (this.#perMs === undefined) {
            // Seed with the average since the start, so the first figure is not one interval's luck.
            this.#perMs = Math.max(0, count - this.#lastCount) / (now - this.#startedAt);
        } else {
            const weight = 1 - 2 ** (-gap / RATE_HALF_LIFE_MS);
            this.#perMs += weight * (instant - this.#perMs);
        }
        this.#lastCount = count;
        this.#lastTime = now;
    }

    /** Units per minute, or undefined while the run is too young for a rate to mean anything. */
    perMinute(count: number, now: number): number | undefined {
        if (this.#perMs !== undefined) return this.#perMs * 60_000;
        const elapsed = now - this.#startedAt;
        if (elapsed < MIN_RATE_WINDOW_MS) return undefined;
        return (Math.max(0, count - this.#lastCount) / elapsed) * 60_000;
    }
}

/** A count as the reporter takes it: a finite number, zero or more. */
export function isCount(value: unknown): value is number {
    return typeof value === 'number' && value >= 0 && Number.isFinite(value);
}

/** A forecast from fewer units than this is a guess, so none is shown. */
export const MIN_COUNT_FOR_ETA = 5;

/** Time left for `remaining` units at `ratePerMinute`, or undefined when it cannot be told. */
export function estimateTimeLeft(remaining: number, ratePerMinute: number | undefined): number | undefined {
    if (ratePerMinute === undefined || ratePerMinute <= 0 || remaining < 0) return undefined;
    return (remaining / ratePerMinute) * 60_000;
}
