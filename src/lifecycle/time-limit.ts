import type { LifecycleHost } from './types.js';

/** Extra time on top of the terminal deadline, for the event loop and the network to be late. */
export const TIME_LIMIT_MARGIN_MS = 2_000;

/**
 * How long to wait before the "Time limit reached" message: `leadMs` before `ACTOR_TIMEOUT_AT`, at once
 * when that is already past. Undefined when there is no (valid) time limit. Pure.
 */
export function timeLimitDelayMs(timeoutAt: string | undefined, now: number, leadMs: number): number | undefined {
    if (!timeoutAt) return undefined;
    const at = Date.parse(timeoutAt);
    if (Number.isNaN(at)) return undefined;
    return Math.max(0, at - leadMs - now);
}

/**
 * The platform kills a run at `ACTOR_TIMEOUT_AT` with no chance to speak, so the terminal message
 * goes out early enough to land: its whole deadline plus a margin before the kill. The timer is
 * unref'd: it never keeps a finished Actor alive.
 */
export function handleTimeLimit(host: LifecycleHost, terminalDeadlineMs: number): () => void {
    const delay = timeLimitDelayMs(process.env.ACTOR_TIMEOUT_AT, Date.now(), terminalDeadlineMs + TIME_LIMIT_MARGIN_MS);
    if (delay === undefined) return () => {};
    // Timers cap at 2^31-1 ms (~24.8 days); a longer run re-arms on the way.
    const MAX_DELAY = 2_147_483_647;
    let timer: NodeJS.Timeout;
    const arm = (ms: number) => {
        timer = setTimeout(
            () => {
                if (ms > MAX_DELAY) return arm(ms - MAX_DELAY);
                if (!host.ended && host.status !== 'migrating') void host.end({ status: 'timed-out' });
            },
            Math.min(ms, MAX_DELAY),
        );
        timer.unref();
    };
    arm(delay);
    return () => clearTimeout(timer);
}
