/**
 * A run whose counts do not move is stalled. Its message says so once the stall is long enough to
 * matter, in steps coarse enough that the text changes rarely: each step is one call to the API,
 * so a stalled run costs a handful of calls an hour instead of one per interval.
 */

/** How long the counts must stand still before the message says so. */
export const STALL_AFTER_MS = 60_000;

const MINUTE = 60_000;
/** The stall durations the message names: 1, 2, 5, 10, 20 and 30 min, 1 h, then every hour. */
const STEPS_MS = [1, 2, 5, 10, 20, 30, 60].map((minutes) => minutes * MINUTE);
const HOUR = 60 * MINUTE;

/** The step a stall of `stalledMs` is worded as, or undefined below `STALL_AFTER_MS`. Pure. */
export function stallStepMs(stalledMs: number): number | undefined {
    if (stalledMs < STALL_AFTER_MS) return undefined;
    if (stalledMs >= HOUR) return Math.floor(stalledMs / HOUR) * HOUR;
    let step = STALL_AFTER_MS;
    for (const candidate of STEPS_MS) if (candidate <= stalledMs) step = candidate;
    return step;
}

/** How long after `stalledMs` of standing still the wording changes next: when to look again. Pure. */
export function nextStallStepInMs(stalledMs: number): number {
    const next =
        stalledMs >= HOUR
            ? (Math.floor(stalledMs / HOUR) + 1) * HOUR
            : (STEPS_MS.find((step) => step > stalledMs) ?? HOUR);
    return Math.max(0, next - stalledMs);
}
