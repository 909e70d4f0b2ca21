import { isCount } from './count.js';

/** The `total` function returned something that is not a count, or threw `threw`. */
export type BadTotalFunction = (problem: { returned: unknown } | { threw: unknown }) => void;

/**
 * How many units there are in all, as the author gave it: a number, a function asked each time the
 * total is needed, or unknown; firm, or an estimate that may grow.
 */
export class RunTotal {
    #total: number | (() => number | undefined) | undefined;
    #isEstimate = false;
    readonly #badFunction: BadTotalFunction;

    constructor(total: number | (() => number | undefined) | undefined, badFunction: BadTotalFunction) {
        this.#total = total;
        this.#badFunction = badFunction;
    }

    /** Whether a total was given, a number or a function. */
    get given(): boolean {
        return this.#total !== undefined;
    }

    get isEstimate(): boolean {
        return this.#isEstimate;
    }

    /** Returns whether the total changed. */
    set(total: number | undefined, estimate: boolean): boolean {
        const changed = total !== this.#total || estimate !== this.#isEstimate;
        this.#total = total;
        this.#isEstimate = estimate;
        return changed;
    }

    /** The total now: a `total` function is asked, and what it answers is checked. */
    resolve(): number | undefined {
        const total = this.#total;
        if (typeof total !== 'function') return total;
        try {
            const value = total();
            if (value === undefined || isCount(value)) return value;
            this.#badFunction({ returned: value });
        } catch (error) {
            this.#badFunction({ threw: error });
        }
        return undefined;
    }
}
