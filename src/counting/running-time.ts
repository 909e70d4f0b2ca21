/**
 * How long the run has been running: this start's time, plus that of earlier starts when counts
 * were restored, so that the downtime between starts is not counted.
 */
export class RunningTime {
    /** When this start began: the running time of this start is counted from here. */
    readonly #thisStartAt: number;
    /** When the run first started, an earlier start's time when counts were restored. */
    #startedAt: number;
    /** Time the run spent running in earlier starts (restored). */
    #earlierRunningMs = 0;

    constructor(now: number) {
        this.#thisStartAt = now;
        this.#startedAt = now;
    }

    get startedAt(): number {
        return this.#startedAt;
    }

    /** Running time of the run at `now`. */
    ms(now: number): number {
        return this.#earlierRunningMs + Math.max(0, now - this.#thisStartAt);
    }

    /** Goes on from what a previous start saved. */
    restore(saved: { startedAt: number; elapsedMs?: number }): void {
        this.#startedAt = Math.min(this.#startedAt, saved.startedAt);
        // "in 5 min" is time spent running: a resurrected run's days of downtime are not in it. A state
        // saved before the running time was kept counts from the first start, as it always did.
        this.#earlierRunningMs = saved.elapsedMs ?? Math.max(0, this.#thisStartAt - saved.startedAt);
    }
}
