import { isSpecificFailureReason } from '../counting/failure-counts.js';
import { OTHER_FAILURE_REASON } from '../counting/failure-reason.js';
import type { FailureCount, ProgressSnapshot } from '../counting/snapshot.js';

/**
 * A progress message names why pages fail only once failures are a notable share of what was
 * handled: below it, "12 failed" is all a reader needs at a glance, and the message stays short.
 */
const NOTABLE_FAILURE_SHARE = 0.1;

/** The most reasons a terminal message names; the rest are summed up as "other". */
export const MAX_FAILURE_REASONS_SHOWN = 3;

/** Reasons that name a cause first (most common first), then "unknown" and "other". */
function readingOrder(failures: readonly FailureCount[]): FailureCount[] {
    const specific = failures.filter((entry) => isSpecificFailureReason(entry.reason));
    return [...specific, ...failures.filter((entry) => !isSpecificFailureReason(entry.reason))];
}

/**
 * "(HTTP 500)" when one reason covers every failure; "(2 × HTTP 500, 1 × timeout)" otherwise, with
 * at most `maxShown` reasons named and the rest as "other". Empty when nothing specific is known
 * (every failure "unknown"), or `maxShown` is 0.
 */
export function failureReasonsInBrackets(
    failures: readonly FailureCount[],
    maxShown: number,
    count: (value: number) => string,
): string {
    const ordered = readingOrder(failures);
    const first = ordered[0];
    if (maxShown <= 0 || !first || !isSpecificFailureReason(first.reason)) return '';
    if (ordered.length === 1) return ` (${first.reason})`;
    const shown = ordered.filter((entry) => entry.reason !== OTHER_FAILURE_REASON).slice(0, maxShown);
    const rest = failures.reduce((sum, entry) => sum + entry.count, 0) - shown.reduce((s, e) => s + e.count, 0);
    const parts = shown.map((entry) => `${count(entry.count)} × ${entry.reason}`);
    if (rest > 0) parts.push(`${count(rest)} × ${OTHER_FAILURE_REASON}`);
    return ` (${parts.join(', ')})`;
}

/**
 * In a progress message, the top reason once failures are at least `NOTABLE_FAILURE_SHARE` of the
 * handled units: "(HTTP 429)" when it covers them all, "(mostly HTTP 429)" when it covers at least
 * half, nothing otherwise (no single reason would be fair).
 */
export function topFailureReasonInBrackets(snapshot: ProgressSnapshot): string {
    const { failed, done, failures } = snapshot;
    if (failed <= 0 || failed < NOTABLE_FAILURE_SHARE * (done + failed)) return '';
    return mainFailureReasonInBrackets(failures, failed);
}

/**
 * "(HTTP 429)" when the top reason covers all `failed`, "(mostly HTTP 429)" when it covers at least
 * half, else nothing: no single reason would be fair.
 */
export function mainFailureReasonInBrackets(failures: readonly FailureCount[], failed: number): string {
    const top = readingOrder(failures)[0];
    if (failed <= 0 || !top || !isSpecificFailureReason(top.reason)) return '';
    if (top.count >= failed) return ` (${top.reason})`;
    return top.count * 2 >= failed ? ` (mostly ${top.reason})` : '';
}

/**
 * A terminal message naming as many failure reasons as fit in `maxLength`: three, else fewer, else
 * none, so the counts and the outcome always fit.
 */
export function fitFailureReasons(maxLength: number | undefined, compose: (maxReasons: number) => string): string {
    let text = compose(MAX_FAILURE_REASONS_SHOWN);
    for (let shown = MAX_FAILURE_REASONS_SHOWN - 1; shown >= 0; shown--) {
        if (maxLength === undefined || text.length <= maxLength) return text;
        text = compose(shown);
    }
    return text;
}
