/**
 * When the record may be written: pure decisions, time passed in, so that the writer's timing can be
 * checked with a fake clock.
 */

/** How long until the next write may start: at once the first time, then `intervalMs` after the last start. */
export function delayBeforeWrite(now: number, lastStartedAt: number | undefined, intervalMs: number): number {
    if (lastStartedAt === undefined) return 0;
    return Math.max(0, lastStartedAt + intervalMs - now);
}

/** Backoff before retry `attempt + 1`: 500 ms, 1 s, 2 s, 4 s (capped). The record is not urgent. */
export function recordRetryDelayMs(attempt: number): number {
    return Math.min(4_000, 500 * 2 ** (attempt - 1));
}

/** How often to look again whether a store that was not ready (no `Actor.init()` yet) is ready now. */
export function readinessPollMs(intervalMs: number): number {
    return Math.min(Math.max(intervalMs, 100), 5_000);
}
