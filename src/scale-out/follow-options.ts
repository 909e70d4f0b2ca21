import { describeValue } from '../shared/value-description.js';

/** Options of `reporter.followRuns()`. */
export interface FollowRunsOptions {
    /**
     * How many child runs the parent will follow in all, when known: "3 of 8 runs finished" while
     * only some have started. Can be raised later by calling `followRuns()` again.
     * @default the number of runs followed
     */
    runs?: number;
    /**
     * Key of the children's progress record in their default key-value store (their `progressRecord`
     * option). Runs without one are followed by their status message and status.
     * @default 'PROGRESS'
     */
    recordKey?: string;
}

/** A run to follow: its id, or a run object (what apify-client's `start()` returns), with a label to show. */
export type RunToFollow = string | { id: string; label?: string };

export const DEFAULT_RECORD_KEY = 'PROGRESS';

/** Checks `followRuns()`'s arguments up front: a TypeError naming what is wrong. */
export function checkFollowRuns(
    runs: unknown,
    options: unknown,
): { runs: { id: string; label?: string }[] } & {
    expected: number | undefined;
    recordKey: string | undefined;
} {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw new TypeError(`actor-progress: followRuns() options must be an object, got ${describeValue(options)}.`);
    }
    const { runs: expected, recordKey, ...rest } = options as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
        throw new TypeError(`actor-progress: unknown followRuns() option \`${unknown[0]}\`. Known: runs, recordKey.`);
    }
    if (expected !== undefined && (typeof expected !== 'number' || !Number.isInteger(expected) || expected < 1)) {
        throw new TypeError(
            `actor-progress: followRuns() option \`runs\` must be an integer >= 1, got ${describeValue(expected)}.`,
        );
    }
    if (recordKey !== undefined && !(typeof recordKey === 'string' && /^[a-zA-Z0-9!\-_.'()]{1,256}$/.test(recordKey))) {
        throw new TypeError(
            `actor-progress: followRuns() option \`recordKey\` must be a key-value store key (1-256 of a-z A-Z 0-9 !-_.'()), got ${describeValue(recordKey)}.`,
        );
    }
    if (runs === null || typeof runs !== 'object' || !(Symbol.iterator in runs)) {
        throw new TypeError(
            `actor-progress: followRuns() needs a list of run ids or runs, got ${describeValue(runs)}.`,
        );
    }
    const list = [...(runs as Iterable<unknown>)].map((run, index) => {
        if (typeof run === 'string' && run !== '') return { id: run };
        const { id, label } = (typeof run === 'object' && run !== null ? run : {}) as Record<string, unknown>;
        if (typeof id === 'string' && id !== '' && (label === undefined || typeof label === 'string')) {
            return label === undefined ? { id } : { id, label };
        }
        throw new TypeError(
            `actor-progress: followRuns() item ${index + 1} must be a run id or { id, label? }, got ${describeValue(run)}.`,
        );
    });
    return { runs: list, expected: expected as number | undefined, recordKey: recordKey as string | undefined };
}
