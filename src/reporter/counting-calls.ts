import { isCount } from '../counting/count.js';
import { UNKNOWN_FAILURE_REASON } from '../counting/failure-reason.js';
import { oneLine } from '../counting/names.js';
import { type ProgressState, parseProgressState } from '../counting/saved-state.js';
import type { FailureCount } from '../counting/snapshot.js';
import type { Tally } from '../counting/tally.js';
import { toUnitForms, type Unit } from '../counting/units.js';
import type { OnceLog } from '../log/once-log.js';
import {
    booleanProblem,
    callText,
    countProblem,
    countsProblem,
    fieldsProblem,
    nameProblem,
    unitProblem,
} from '../options/arguments.js';
import { failureReasonOfArgument } from '../wording/failure-reason-argument.js';

/**
 * The calls that count, made while the run works (counts, totals, units, steps, saved state): each
 * checks its arguments, changes the tally, and asks for a message when something changed.
 * `advance()` and `retry()`, the hot path, stay in the reporter and use `accept` only.
 */
export class CountingCalls {
    readonly #tally: Tally;
    readonly #log: OnceLog;
    readonly #changed: () => void;
    readonly #ended: () => boolean;

    constructor(settings: { tally: Tally; log: OnceLog; changed: () => void; ended: () => boolean }) {
        this.#tally = settings.tally;
        this.#log = settings.log;
        this.#changed = settings.changed;
        this.#ended = settings.ended;
    }

    /**
     * A bad argument to a call made while the run works: one warning per method, and the whole call is
     * ignored (see `options/arguments.ts` for the rule). Returns true when the call may go on.
     */
    accept(method: string, args: readonly unknown[], problem: string | undefined): boolean {
        if (problem === undefined) return true;
        this.#log.warnOnce(`bad-argument:${method}`, `Ignored ${callText(method, args)}: ${problem}.`);
        return false;
    }

    /**
     * Text that comes in from the author (names, units, reasons) goes into the tally with the run's
     * secrets removed: it shows in messages, the record and the live view, and wording may cut it,
     * which would leave a piece of a secret that no later redaction recognises.
     */
    #clean(text: string): string {
        return this.#log.redact(text);
    }

    /** A count source's own reason for failures, as `fail()` takes one: one plain line, "unknown" when blank. */
    #reasonWords(reason: string): string {
        return oneLine(this.#clean(reason)) || UNKNOWN_FAILURE_REASON;
    }

    #unitForms(unit: Unit): readonly [string, string] {
        const [singular, plural] = toUnitForms(unit);
        return [this.#clean(singular), this.#clean(plural)];
    }

    setUnit(unit: Unit): void {
        if (!this.accept('setUnit', [unit], unitProblem('unit', unit))) return;
        if (this.#tally.setUnit(this.#unitForms(unit))) this.#changed();
    }

    setTotal(total: number | undefined, options: { estimate?: boolean } | undefined): void {
        const problem =
            (total === undefined ? undefined : countProblem('total', total)) ??
            fieldsProblem('options', options, { estimate: booleanProblem });
        if (!this.accept('setTotal', options === undefined ? [total] : [total, options], problem)) return;
        if (this.#tally.setTotal(total, options?.estimate ?? false)) this.#changed();
    }

    fail(n: number, reason: string | Error | undefined): void {
        const args = reason === undefined ? [n] : [n, reason];
        if (!isCount(n) && !this.accept('fail', args, countProblem('n', n))) return;
        this.#tally.add('failed', n);
        const failureReason = failureReasonOfArgument(reason, (text) => this.#clean(text));
        if (failureReason !== undefined) this.#tally.addFailureReason(failureReason, n);
        else if (reason !== undefined && reason !== null && reason !== '') {
            this.#log.warnOnce(
                'bad-reason',
                `Ignored the reason of ${callText('fail', [n, reason])}: give a string or an Error.`,
            );
        }
        this.#changed();
    }

    addItems(n: number): void {
        if (!isCount(n) && !this.accept('addItems', [n], countProblem('n', n))) return;
        this.#tally.addItems(n);
        this.#changed();
    }

    setCounts(counts: { done?: number; failed?: number; retried?: number; failures?: readonly FailureCount[] }): void {
        if (!this.accept('setCounts', [counts], countsProblem(counts))) return;
        const { failures } = counts;
        const clean = failures
            ? {
                  ...counts,
                  failures: failures.map(({ reason, count }) => ({ reason: this.#reasonWords(reason), count })),
              }
            : counts;
        // The same counts again (a crawler's statistics re-read while it stalls) are nothing new: no
        // message is asked for, so a stalled run sends nothing.
        if (this.#tally.setCounts(clean)) this.#changed();
    }

    phase(name: string, options: { total?: number; unit?: Unit } | undefined): void {
        const problem =
            nameProblem('name', name) ?? fieldsProblem('options', options, { total: countProblem, unit: unitProblem });
        if (!this.accept('phase', options === undefined ? [name] : [name, options], problem)) return;
        this.#tally.startPhase(this.#clean(name));
        if (options?.unit !== undefined) this.#tally.setUnit(this.#unitForms(options.unit));
        if (options?.total !== undefined) this.#tally.setTotal(options.total, false);
        this.#changed();
    }

    /** Takes over saved counts unless the run has ended; returns whether anything was taken over. */
    importState(state: ProgressState): boolean {
        // Saved state is data from a store, not code: checked like anything read back.
        const parsed = readableState(state);
        const problem = parsed ? undefined : 'state must be what exportState() returned';
        if (!this.accept('importState', [state], problem) || !parsed) return false;
        if (this.#ended() || !this.#tally.importState(parsed)) return false;
        this.#changed();
        return true;
    }
}

/** The saved state, checked; undefined when it is not one or cannot be read (a revoked Proxy). */
function readableState(state: unknown): ProgressState | undefined {
    try {
        return parseProgressState(state);
    } catch {
        return undefined;
    }
}
