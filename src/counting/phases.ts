import { cleanName } from './names.js';
import type { CompletedPhase, PhaseInfo } from './snapshot.js';

/** Where a step ended, as it is kept once the next step starts. */
interface PhaseCounts {
    done: number;
    failed: number;
    total: number | undefined;
    unit: readonly [string, string];
}

/**
 * Which step a run is in and what the finished steps counted. Pure bookkeeping: the reporter
 * owns the live counts and hands them over when a step ends.
 *
 * Step numbers come from the `phases` option when the name is listed there ("Step 2 of 3"). A step
 * not in the list is numbered after it, in the order such steps start ("Step 4", no count): by its
 * position it would share a number with a listed step, and "of 3" would be false. Without the
 * option, steps are numbered in the order they start, with no count.
 */
export class PhaseTracker {
    readonly #declared: readonly string[] | undefined;
    #current: PhaseInfo | undefined;
    #completed: CompletedPhase[] = [];

    constructor(declared: readonly string[] | undefined) {
        this.#declared = declared?.map(cleanName);
    }

    get current(): PhaseInfo | undefined {
        return this.#current;
    }

    get completed(): readonly CompletedPhase[] {
        return this.#completed;
    }

    /**
     * Starts step `name`, closing the current one with `counts`. Returns false when `name` is the
     * step already running (a run resuming after a migration calls `phase()` again): its counts go on.
     * Starting a step that was finished before starts it over: it and the steps after it are forgotten.
     */
    start(rawName: string, counts: PhaseCounts): boolean {
        const name = cleanName(rawName);
        if (this.#current?.name === name) return false;
        if (this.#current) this.#completed.push({ name: this.#current.name, ...counts });
        const again = this.#completed.findIndex((phase) => phase.name === name);
        if (again !== -1) this.#completed = this.#completed.slice(0, again);
        this.#current = this.#infoFor(name, this.#completed.length + 1);
        return true;
    }

    #infoFor(name: string, position: number): PhaseInfo {
        const declared = this.#declared;
        if (!declared) return { name, index: position, count: undefined };
        const listed = declared.indexOf(name);
        if (listed !== -1) return { name, index: listed + 1, count: declared.length };
        const unlistedBefore = this.#completed.filter((phase) => !declared.includes(phase.name)).length;
        return { name, index: declared.length + unlistedBefore + 1, count: undefined };
    }

    /** Takes over steps saved before a migration, when this run has not started a step of its own. */
    restore(current: string | undefined, completed: readonly CompletedPhase[]): boolean {
        if (this.#current !== undefined || this.#completed.length > 0) return false;
        this.#completed = completed.map((phase) => ({ ...phase, name: cleanName(phase.name) }));
        if (current !== undefined) this.#current = this.#infoFor(cleanName(current), this.#completed.length + 1);
        return true;
    }
}
