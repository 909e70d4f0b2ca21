import { isCount } from './count.js';

/**
 * What the earlier `run()`s of attached crawlers handled. Crawlee resets a crawler's statistics when
 * `run()` is called again, and persists only the current run's: these counts exist nowhere else.
 */
export interface EarlierRuns {
    done: number;
    failed: number;
    retried: number;
}

export const NO_EARLIER_RUNS: EarlierRuns = { done: 0, failed: 0, retried: 0 };

export const hasEarlierRuns = (earlier: EarlierRuns): boolean =>
    earlier.done > 0 || earlier.failed > 0 || earlier.retried > 0;

export const addEarlierRuns = (a: EarlierRuns, b: EarlierRuns): EarlierRuns => ({
    done: a.done + b.done,
    failed: a.failed + b.failed,
    retried: a.retried + b.retried,
});

/** The requests the earlier runs handled, done or failed: part of the crawl's total. */
export const handledInEarlierRuns = (earlier: EarlierRuns): number => earlier.done + earlier.failed;

/** Saved earlier runs, or undefined when the value is not three counts (a store holds anything). */
export function readEarlierRuns(value: unknown): EarlierRuns | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const { done, failed, retried } = value as Record<string, unknown>;
    return isCount(done) && isCount(failed) && isCount(retried) ? { done, failed, retried } : undefined;
}

/**
 * The earlier runs in the reporter's saved state, so that they survive a migration. After the restart
 * the code runs again from the top, and Crawlee hands the first `run()` the statistics it saved at the
 * migration, those of the run that was going on: the runs before that one are `restored` from here.
 * The crawler hook adds them once to its sum and tells what this start's crawlers added (`setThisStart`);
 * the state saves both.
 */
export class EarlierRunsState {
    #restored: EarlierRuns = NO_EARLIER_RUNS;
    #thisStart: EarlierRuns = NO_EARLIER_RUNS;

    /** What the previous start saved; none until its state is taken over. */
    get restored(): EarlierRuns {
        return this.#restored;
    }

    /** The earlier runs of this start's crawlers (their statistics reset by a later `run()`). */
    setThisStart(earlier: EarlierRuns): void {
        this.#thisStart = earlier;
    }

    restore(earlier: EarlierRuns | undefined): void {
        this.#restored = earlier ?? NO_EARLIER_RUNS;
    }

    /** The field to save: every earlier run, of this start and the ones before it. */
    saved(): { earlierRuns?: EarlierRuns } {
        const all = addEarlierRuns(this.#restored, this.#thisStart);
        return hasEarlierRuns(all) ? { earlierRuns: all } : {};
    }
}
