import { isCount } from './count.js';
import { OTHER_FAILURE_REASON, UNKNOWN_FAILURE_REASON } from './failure-reason.js';
import type { FailureCount } from './snapshot.js';

/**
 * The most reasons kept apart. Real runs have a handful (a few status codes, timeouts, one or two
 * error types); the bound is for a run that passes free text as reasons, which must not make the
 * snapshot, the messages or the record grow without end.
 */
export const MAX_FAILURE_GROUPS = 30;

/** A list of `{ reason, count }` as a caller may pass it: non-empty reasons, counts >= 0. */
export function isFailureList(value: unknown): value is readonly FailureCount[] {
    return (
        Array.isArray(value) &&
        value.every((entry: unknown) => {
            const { reason, count } = (
                typeof entry === 'object' && entry !== null ? entry : {}
            ) as Partial<FailureCount>;
            return typeof reason === 'string' && reason !== '' && isCount(count);
        })
    );
}

/** Reasons that name no cause: shown after the ones that do. */
export function isSpecificFailureReason(reason: string): boolean {
    return reason !== UNKNOWN_FAILURE_REASON && reason !== OTHER_FAILURE_REASON;
}

/** Most common first; equal counts in the order of their names, so the order never flickers. */
function byCount(a: FailureCount, b: FailureCount): number {
    return b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);
}

/**
 * Failures counted by reason, bounded: at most `max` reasons are kept apart, the rest are counted
 * as "other". When a new reason arrives and the groups are full, the least common group makes room
 * if it is no larger than what arrives (its count moves to "other"), so reasons seen once do not
 * hold their places against newer ones for the whole run. Counts always add up: nothing is lost,
 * at worst it is "other".
 */
export class FailureCounts {
    readonly #max: number;
    readonly #groups = new Map<string, number>();
    #other = 0;

    constructor(max = MAX_FAILURE_GROUPS) {
        this.#max = max;
    }

    add(reason: string, n: number): void {
        if (n <= 0) return;
        if (reason === OTHER_FAILURE_REASON) {
            this.#other += n;
            return;
        }
        const count = this.#groups.get(reason);
        if (count !== undefined) {
            this.#groups.set(reason, count + n);
            return;
        }
        if (this.#groups.size >= this.#max && !this.#makeRoom(n)) {
            this.#other += n;
            return;
        }
        this.#groups.set(reason, n);
    }

    addAll(failures: Iterable<FailureCount>): void {
        for (const { reason, count } of failures) this.add(reason, count);
    }

    /** Moves the least common group to "other" when it is no larger than `n`. */
    #makeRoom(n: number): boolean {
        let least: [string, number] | undefined;
        for (const entry of this.#groups) if (!least || entry[1] < least[1]) least = entry;
        if (!least || least[1] > n) return false;
        this.#groups.delete(least[0]);
        this.#other += least[1];
        return true;
    }

    /** Every group, most common first; "other" among them by its count. */
    list(): FailureCount[] {
        const list = Array.from(this.#groups, ([reason, count]) => ({ reason, count }));
        if (this.#other > 0) list.push({ reason: OTHER_FAILURE_REASON, count: this.#other });
        return list.sort(byCount);
    }
}

/** Several lists of failures as one, bounded the same way. */
export function mergeFailures(lists: Iterable<readonly FailureCount[]>, max = MAX_FAILURE_GROUPS): FailureCount[] {
    const counts = new FailureCounts(max);
    // The largest first, so that the bound keeps the most common reasons of all the lists.
    const all = [...lists].flat().sort(byCount);
    counts.addAll(all);
    return counts.list();
}

/**
 * Makes the reasons add up to `failed`, the failed count the messages show: failures counted without
 * a reason become "unknown"; reasons counted beyond `failed` (a count source set a lower failed count
 * than the reasons it had been told) are taken back from "unknown", then "other", then the least
 * common reasons. Pure.
 */
export function reconcileFailures(failures: readonly FailureCount[], failed: number): FailureCount[] {
    const list = failures.filter((entry) => entry.count > 0).map((entry) => ({ ...entry }));
    let excess = list.reduce((sum, entry) => sum + entry.count, 0) - failed;
    if (excess < 0) {
        const unknown = list.find((entry) => entry.reason === UNKNOWN_FAILURE_REASON);
        if (unknown) unknown.count -= excess;
        else list.push({ reason: UNKNOWN_FAILURE_REASON, count: -excess });
        return list.sort(byCount);
    }
    const rank = (entry: FailureCount) =>
        entry.reason === UNKNOWN_FAILURE_REASON ? 0 : entry.reason === OTHER_FAILURE_REASON ? 1 : 2;
    const takeFrom = [...list].sort((a, b) => rank(a) - rank(b) || a.count - b.count);
    for (const entry of takeFrom) {
        if (excess <= 0) break;
        const taken = Math.min(entry.count, excess);
        entry.count -= taken;
        excess -= taken;
    }
    return list.filter((entry) => entry.count > 0).sort(byCount);
}
