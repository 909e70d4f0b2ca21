/** The children's sum as a parent shows it. */
export interface SumShown {
    /** The noun summed (its plural): a sum in another noun is not held to this one. */
    unit: string | undefined;
    done: number;
    failed: number;
    /** Handled by a worker that did not say whether done or failed (see `ChildSum.unreported`). */
    unreported: number;
    total: number | undefined;
    totalIsEstimate: boolean;
}

/**
 * Holds a parent's sum to what it showed before: each child's counts only grow (see `HeldCounts`), and
 * this holds the sum to it too, whatever a child's later read or a change of who counts what does to
 * it. So do the pages handled (done, failed or unreported): a page once shown handled stays handled,
 * and when a child's later word says how it ended, it moves from unreported to done or failed. A total
 * that is a lower bound ("at least") never shrinks either; a firm total is the truth.
 */
export class ShownSum {
    #shown: SumShown | undefined;

    /** The sum to show now: `sum`, never below the last one shown in the same noun. */
    next(sum: SumShown): SumShown {
        const shown = this.#shown;
        let next = sum;
        if (shown && shown.unit === sum.unit) {
            const done = Math.max(shown.done, sum.done);
            const failed = Math.max(shown.failed, sum.failed);
            const handled = Math.max(
                shown.done + shown.failed + shown.unreported,
                sum.done + sum.failed + sum.unreported,
                done + failed,
            );
            let total = sum.total;
            if (sum.totalIsEstimate && shown.total !== undefined) total = Math.max(total ?? 0, shown.total);
            if (total !== undefined) total = Math.max(total, handled);
            next = { ...sum, done, failed, unreported: handled - done - failed, total };
        }
        this.#shown = next;
        return next;
    }
}
