/**
 * When done + failed were last seen to change: a run whose counts stand still is stalled. Seen when
 * a message or snapshot is made, not on every count, so counting never reads the clock (the stall is
 * then dated at most one interval late, which only ever understates it).
 */
export class StallClock {
    #lastProgressAt: number;
    #handledWhenSeen = 0;

    constructor(now: number) {
        this.#lastProgressAt = now;
    }

    /** Dates the last change of done + failed (`handled`), if they moved since they were last seen. */
    see(handled: number, now: number): void {
        if (handled === this.#handledWhenSeen) return;
        this.#handledWhenSeen = handled;
        this.#lastProgressAt = now;
    }

    /** How long done + failed have stood still at `now`; `see` them first. */
    stillForMs(now: number): number {
        return Math.max(0, now - this.#lastProgressAt);
    }

    /** A new step, or counts restored: the run has just moved, with `handled` as it is now. */
    restart(handled: number, now: number): void {
        this.#handledWhenSeen = handled;
        this.#lastProgressAt = now;
    }

    /** Progress other than this run's counts (the whole crawl of a shared queue moved). */
    moved(now: number): void {
        this.#lastProgressAt = now;
    }
}
