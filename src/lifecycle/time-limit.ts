import type { LifecycleHost, LifecycleSettings } from './types.js';

/**
 * The least time before `ACTOR_TIMEOUT_AT` at which "Time limit reached" is sent: room for one call
 * and a retry on a healthy API, and for a busy event loop to fire the timer late.
 */
export const MIN_TIME_LIMIT_LEAD_MS = 2_000;

/** Extra time on top of the terminal deadline, for the event loop and the network to be late. */
export const TIME_LIMIT_MARGIN_MS = 2_000;

/** How often the lead is worked out again in the last stretch, as the API's speed may change. */
const RECHECK_MS = 500;

/** Timers cap at 2^31-1 ms (~24.8 days); a longer wait is done in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * How long before the limit the message goes out: as late as delivery allows. That is twice the
 * slowest recent call (a call and a retry) plus a second, never less than `MIN_TIME_LIMIT_LEAD_MS`,
 * never more than the terminal deadline plus a margin (what was always enough). Pure.
 */
export function timeLimitLeadMs(slowestRecentCallMs: number | undefined, terminalDeadlineMs: number): number {
    const longest = terminalDeadlineMs + TIME_LIMIT_MARGIN_MS;
    const wanted = 2 * (slowestRecentCallMs ?? 0) + 1_000;
    return Math.min(longest, Math.max(MIN_TIME_LIMIT_LEAD_MS, wanted));
}

/** `ACTOR_TIMEOUT_AT` as a time in ms, or undefined when there is none (or it is not a date). Pure. */
export function parseTimeoutAt(timeoutAt: string | undefined): number | undefined {
    if (!timeoutAt) return undefined;
    const at = Date.parse(timeoutAt);
    return Number.isNaN(at) ? undefined : at;
}

/**
 * The platform kills a run at `ACTOR_TIMEOUT_AT` with no chance to speak, so "Time limit reached" must
 * be sent before, and terminal, or the platform replaces it. It goes out as late as delivery allows
 * (`timeLimitLeadMs`, worked out again as the limit nears): a run that ends before that sends its true
 * terminal message instead (ending the reporter clears the timer). One that ends after it, but still
 * before the limit, did not run out of time: its real ending replaces the message sent ahead (see
 * `endAheadOfLimit`), so the pre-sent message only stands for a run the limit really stopped.
 *
 * A reporter created less than `MIN_TIME_LIMIT_LEAD_MS` before the limit sends no time-limit message:
 * it would be its first message (or false, if the clock disagrees with the platform's). Timers are
 * unref'd: they never keep a finished Actor alive.
 */
export function handleTimeLimit(
    host: LifecycleHost,
    { terminalDeadlineMs, endAheadOfLimit }: Pick<LifecycleSettings, 'terminalDeadlineMs' | 'endAheadOfLimit'>,
): () => void {
    const timeoutAt = parseTimeoutAt(process.env.ACTOR_TIMEOUT_AT);
    if (timeoutAt === undefined || timeoutAt - Date.now() <= MIN_TIME_LIMIT_LEAD_MS) return () => {};
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
        timer = setTimeout(check, Math.min(Math.max(0, ms), MAX_TIMER_MS));
        timer.unref();
    };
    const check = () => {
        if (host.ended || host.status === 'migrating') return;
        const dueIn = timeoutAt - timeLimitLeadMs(host.slowestRecentCallMs, terminalDeadlineMs) - Date.now();
        if (dueIn > 0) {
            // Far off: wake up when the longest lead begins; close: look again soon.
            const longestLead = terminalDeadlineMs + TIME_LIMIT_MARGIN_MS;
            const farOff = timeoutAt - longestLead - Date.now();
            return arm(farOff > 0 ? farOff : Math.min(dueIn, RECHECK_MS));
        }
        endAheadOfLimit(timeoutAt);
    };
    check();
    return () => clearTimeout(timer);
}
