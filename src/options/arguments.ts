import { isCount } from '../counting/count.js';
import { isFailureList } from '../counting/failure-counts.js';
import { cleanName } from '../counting/names.js';
import { describeValue, isArray } from '../shared/value-description.js';

/**
 * The one rule for the arguments of the reporter's methods (docs/api.md, "Bad arguments"):
 *
 * - Set-up calls (`new ProgressReporter`, `attach`, `addCountSource`, `withProgress`) throw a
 *   TypeError: a wrong argument there is a bug the first run shows, before any work is at stake.
 * - Calls made while the run works (counting, totals, units, steps, saved state) never throw: a
 *   bad argument costs one warning per method and the whole call is ignored, so a status message
 *   can never be what breaks a crawl hours in.
 * - `finish`, `abort` and `end` never throw and always end: a bad argument costs one warning and
 *   the built-in wording is used instead.
 *
 * Each check returns what is wrong, naming the argument ("unit must be ..."), or undefined when
 * the argument is fine; the caller words the warning or the error with `callText`.
 */

/**
 * What `check` finds wrong with an argument, or that it cannot be read at all: a revoked Proxy, or
 * an object whose getters throw, would otherwise make a call that must never throw throw.
 */
function readable(name: string, check: () => string | undefined): string | undefined {
    try {
        return check();
    } catch {
        return `${name} could not be read`;
    }
}

/** `setTotal(10, null)`: the call as the author wrote it, for warnings and errors. */
export function callText(method: string, args: readonly unknown[]): string {
    return `${method}(${args.map(describeValue).join(', ')})`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !isArray(value);

/** A count: a whole number >= 0. A fraction is refused: the messages count whole units. */
export function countProblem(name: string, value: unknown): string | undefined {
    return isCount(value) ? undefined : `${name} must be a whole number >= 0`;
}

/** Something left of a name once it is cleaned of control characters and blanks. */
export const isName = (value: unknown): value is string => typeof value === 'string' && cleanName(value) !== '';

/** A noun: a non-empty string, or a `[singular, plural]` pair of them. */
export function unitProblem(name: string, value: unknown): string | undefined {
    if (isName(value)) return undefined;
    const pair = readable(name, () =>
        Array.isArray(value) && value.length === 2 && value.every(isName) ? undefined : 'not a pair',
    );
    if (pair === undefined) return undefined;
    return `${name} must be a non-empty string or a [singular, plural] pair of strings`;
}

/** `undefined` or an object whose fields are among `known`, each passing its own check. */
export function fieldsProblem(
    name: string,
    value: unknown,
    known: Record<string, (field: string, fieldValue: unknown) => string | undefined>,
): string | undefined {
    if (value === undefined) return undefined;
    const names = Object.keys(known);
    const shape = `{ ${names.map((field) => `${field}?`).join(', ')} }`;
    if (!isPlainObject(value)) return `${name} must be an object ${shape} or left out`;
    return readable(name, () => {
        for (const [field, fieldValue] of Object.entries(value)) {
            const check = known[field];
            if (!check) return `${name} has no field \`${field}\`: it takes ${shape}`;
            if (fieldValue === undefined) continue;
            const problem = check(`${name}.${field}`, fieldValue);
            if (problem) return problem;
        }
        return undefined;
    });
}

/** `[{ reason, count }]`: the reasons a source gives for its failed count. */
function failuresProblem(name: string, value: unknown): string | undefined {
    return isFailureList(value) ? undefined : `${name} must be a list of { reason: string, count: number }`;
}

/** `{ done?, failed?, retried?, failures? }`, each a count or a list of reasons: what `setCounts` takes. */
export function countsProblem(value: unknown): string | undefined {
    if (value === undefined || value === null) return 'counts must be an object such as { done: 10 }';
    return fieldsProblem('counts', value, {
        done: countProblem,
        failed: countProblem,
        retried: countProblem,
        failures: failuresProblem,
    });
}

export const booleanProblem = (name: string, value: unknown): string | undefined =>
    typeof value === 'boolean' ? undefined : `${name} must be true or false`;

/** A step's name: a non-empty string. */
export function nameProblem(name: string, value: unknown): string | undefined {
    return isName(value) ? undefined : `${name} must be a non-empty string`;
}

const TERMINAL_STATUSES = ['finished', 'failed', 'aborted', 'timed-out'] as const;

/** What `end()` takes: `{ status, reason?, message? }`. */
export function outcomeProblem(value: unknown): string | undefined {
    const shape = `{ status: ${TERMINAL_STATUSES.map((status) => `'${status}'`).join(' | ')}, reason?, message? }`;
    if (!isPlainObject(value)) return `outcome must be ${shape}`;
    return readable('outcome', () => {
        if (!(TERMINAL_STATUSES as readonly unknown[]).includes(value.status))
            return `outcome.status must be one of ${shape}`;
        if (value.message !== undefined && typeof value.message !== 'string') return 'outcome.message must be a string';
        return undefined;
    });
}

/**
 * The fields of what was passed to `end()`, read once into a plain object, so that what is checked
 * is what is used (a getter may answer differently, or throw, the next time); undefined when they
 * cannot be read at all (a revoked Proxy, a getter that throws). Anything not an object is returned
 * as it is, for `outcomeProblem` to word. Never throws.
 */
export function readOutcome(value: unknown): { outcome: unknown } | undefined {
    try {
        if (!isPlainObject(value)) return { outcome: value };
        const { status, reason, message } = value;
        return { outcome: { status, reason, message } };
    } catch {
        return undefined;
    }
}

/** A TypeError for a set-up call: `actor-progress: addCountSource(5): refresh must be a function.` */
export function argumentError(method: string, args: readonly unknown[], problem: string): TypeError {
    return new TypeError(`actor-progress: ${callText(method, args)}: ${problem}.`);
}
