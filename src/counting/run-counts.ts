import { FailureCounts, mergeFailures, reconcileFailures } from './failure-counts.js';
import type { ProgressState } from './saved-state.js';
import type { FailureCount } from './snapshot.js';

export type CountField = 'done' | 'failed' | 'retried';

const COUNT_FIELDS = ['done', 'failed', 'retried'] as const;

/**
 * The counts the tally keeps: done, failed and retried (done and failed those of the running step),
 * the items saved and the failure reasons. Counted by hand (`add`), set to absolute values by a
 * source that counts the whole run (`setCounts`), or taken over from a previous start (`restore`).
 */
export class RunCounts {
    readonly #counts: Record<CountField, number> = { done: 0, failed: 0, retried: 0 };
    /** Items saved: only ever added to, for the whole run (steps do not reset it). */
    #items = 0;
    /** Reasons counted one by one (`fail(n, reason)`, and what a previous start saved). */
    readonly #addedFailures = new FailureCounts();
    /** Reasons a count source keeps itself (a crawler), set as a whole like its counts. */
    #sourceFailures: readonly FailureCount[] = [];
    /**
     * Fields this start has set to absolute values (`setCounts`): their source counts the whole run,
     * the restored part included, so restored counts must not be added to them (nor they to those).
     */
    readonly #absolute = new Set<CountField>();

    /** Done, failed and retried, as a new object. */
    values(): Record<CountField, number> {
        return { ...this.#counts };
    }

    get done(): number {
        return this.#counts.done;
    }

    get failed(): number {
        return this.#counts.failed;
    }

    /** Done + failed: what has been handled. */
    get handled(): number {
        return this.#counts.done + this.#counts.failed;
    }

    get items(): number {
        return this.#items;
    }

    add(field: CountField, n: number): void {
        this.#counts[field] += n;
    }

    addItems(n: number): void {
        this.#items += n;
    }

    /** Counts `n` failures for `reason`; the failed count itself is added with `add('failed', n)`. */
    addFailureReason(reason: string, n: number): void {
        this.#addedFailures.add(reason, n);
    }

    /** See `Tally.setCounts`. Returns whether a count changed. */
    setCounts(counts: Partial<Record<CountField, number>> & { failures?: readonly FailureCount[] }): boolean {
        let changed = false;
        for (const field of COUNT_FIELDS) {
            const value = counts[field];
            if (value === undefined) continue;
            this.#absolute.add(field);
            if (value === this.#counts[field]) continue;
            changed = true;
            this.#counts[field] = value;
        }
        if (counts.failures && !sameFailures(counts.failures, this.#sourceFailures)) {
            this.#sourceFailures = counts.failures;
            changed = true;
        }
        return changed;
    }

    /** Why units failed, most common first, adding up to `failedInRun` (the whole run's failed count). */
    failures(failedInRun: number): FailureCount[] {
        const merged = mergeFailures([this.#addedFailures.list(), this.#sourceFailures]);
        return reconcileFailures(merged, failedInRun);
    }

    /** A new step counts done and failed from 0; retries and items stay a count for the whole run. */
    startStep(): void {
        this.#counts.done = 0;
        this.#counts.failed = 0;
    }

    /**
     * Adds what a previous start saved, but not to counts set to absolute values (their source
     * already counts the whole run). Items are counted by this start alone (pushes are not restored
     * by anyone else): it goes on from the saved ones. Saved reasons join those counted by hand.
     */
    restore(state: ProgressState): void {
        for (const field of COUNT_FIELDS) {
            if (!this.#absolute.has(field)) this.add(field, state[field]);
        }
        this.#items += state.items ?? 0;
        this.#addedFailures.addAll(state.failures ?? []);
    }
}

/** Whether two lists of reasons say the same, in the same order. */
function sameFailures(a: readonly FailureCount[], b: readonly FailureCount[]): boolean {
    return a.length === b.length && a.every((entry, i) => entry.reason === b[i]?.reason && entry.count === b[i]?.count);
}
