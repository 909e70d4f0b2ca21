/** Until this much time has passed, a rate is mostly start-up noise and is not shown. */
const MIN_RATE_WINDOW_MS = 5_000;
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

    /**
     * Once there is a rate, it is re-estimated only when the count has moved: while nothing moves it
     * is kept as it was, so a stalled run's message does not change with every interval (each change
     * is an API call); the stall is said in words instead. When the count moves again, the long gap
     * weighs in at once.
     */
    observe(count: number, now: number): void {
        if (this.#perMs !== undefined && count === this.#lastCount) return;
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

/** A forecast from fewer units than this is a guess, so none is shown. */
export const MIN_COUNT_FOR_ETA = 5;

/** Time left for `remaining` units at `ratePerMinute`, or undefined when it cannot be told. */
export function estimateTimeLeft(remaining: number, ratePerMinute: number | undefined): number | undefined {
    if (ratePerMinute === undefined || ratePerMinute <= 0 || remaining < 0) return undefined;
    return (remaining / ratePerMinute) * 60_000;
}
