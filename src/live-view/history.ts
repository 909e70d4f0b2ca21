/**
 * One point of the progress chart: `[at, done, failed, total, ratePerMinute, step]`, `at` in ms
 * since the epoch, `step` the number of the step the counts belong to (null without steps: a step's
 * counts start again at 0, so the chart draws each step apart). An array rather than an object: a
 * 24-hour history goes to every page opened, as JSON.
 */
export type HistoryPoint = readonly [
    at: number,
    done: number,
    failed: number,
    total: number | null,
    rate: number | null,
    step: number | null,
];

/**
 * The history as a page gets it when it connects: `start` (ms since the epoch) and one row per
 * point, `[seconds since the previous point, done - previous done, failed - previous failed, total,
 * rate]`, with the step number as a sixth element when there is one. Time to the second and counts
 * as differences: a point is about 20 characters rather than 45.
 */
export interface EncodedHistory {
    start: number;
    rows: readonly (readonly (number | null)[])[];
}

export function encodeHistory(points: readonly HistoryPoint[], start: number): EncodedHistory {
    const rows: (number | null)[][] = [];
    let seconds = 0;
    let done = 0;
    let failed = 0;
    for (const [at, pointDone, pointFailed, total, rate, step] of points) {
        const pointSeconds = Math.round((at - start) / 1000);
        const row = [pointSeconds - seconds, pointDone - done, pointFailed - failed, total, rate];
        if (step !== null) row.push(step);
        rows.push(row);
        seconds = pointSeconds;
        done = pointDone;
        failed = pointFailed;
    }
    return { start, rows };
}

export interface HistoryLimits {
    /** The most points kept, whatever the length of the run. */
    capacity: number;
    /** The spacing of points at the start; doubled each time the history is thinned. */
    stepMs: number;
}

const HISTORY_LIMITS: HistoryLimits = { capacity: 600, stepMs: 1_000 };

/**
 * The run's progress over time, for the chart, in bounded memory: points are kept at least `stepMs`
 * apart; when `capacity` is reached every other point goes and the spacing doubles. So the history
 * always covers the whole run, evenly, in at most `capacity` points: one a second for the first ten
 * minutes, about one every four minutes after a day. Pure: time comes with the points.
 */
export class ProgressHistory {
    readonly #capacity: number;
    #stepMs: number;
    #points: HistoryPoint[] = [];

    constructor(limits: HistoryLimits = HISTORY_LIMITS) {
        if (!Number.isInteger(limits.capacity) || limits.capacity < 2) throw new RangeError('capacity must be >= 2');
        this.#capacity = limits.capacity;
        this.#stepMs = limits.stepMs;
    }

    /** Keeps `point` unless the last one kept is less than a step older. */
    add(point: HistoryPoint): void {
        const last = this.#points.at(-1);
        if (last !== undefined && point[0] - last[0] < this.#stepMs) return;
        this.#points.push(point);
        if (this.#points.length >= this.#capacity) this.#thin();
    }

    #thin(): void {
        // The first point (the start of the run) stays; so does the evenness of the spacing.
        this.#points = this.#points.filter((_, index) => index % 2 === 0);
        this.#stepMs *= 2;
    }

    /** The points kept, oldest first. */
    points(): readonly HistoryPoint[] {
        return this.#points;
    }

    /** The spacing of points now. */
    get stepMs(): number {
        return this.#stepMs;
    }
}
