import { constants } from 'node:os';
import type { RunOutcome } from '../counting/outcome.js';
import { isBrowserCleanupListener } from './browser-listeners.js';
import { foreignListeners, listenOnProcess, ownListeners } from './own-listeners.js';
import type { ExitContext, LifecycleHost, LifecycleSettings } from './types.js';

/** SIGHUP: the terminal or SSH session that ran the Actor closed; it kills a Node process as the others do. */
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * The share of the terminal deadline that the run's work under way (a crawler's requests in
 * progress) may take to finish, once it is stopped, before "Aborted" is worded: the message then
 * counts what really happened, and the dataset does not end larger than it says. The deadline
 * counts from the signal, so the whole ending (the wait, the message, its retries) stays within it;
 * the message keeps the other half at least. The wait is over as soon as the work under way is:
 * a run with none waits for nothing.
 */
export const STOP_WORK_SHARE = 0.5;

/** How long the work under way may take after a signal, with a terminal deadline of `deadlineMs`. Pure. */
export function stopWorkWaitMs(deadlineMs: number): number {
    return Math.max(0, Math.floor(deadlineMs * STOP_WORK_SHARE));
}

/** The code a shell or Docker reports for a process killed by `signal`: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
    return 128 + (constants.signals[signal] ?? 15);
}

/**
 * Listeners that only watch a signal and re-raise it when nobody else listens: signal-exit (v3 and v4,
 * which the SDK's dependencies load) keeps how many copies of it are in play. They do not decide what
 * the signal means, so they do not count as "someone else handles it" (they treat us the same way).
 */
function signalExitListeners(): number {
    const holder = process as unknown as Record<string | symbol, { count?: unknown } | undefined>;
    const count = (emitter: { count?: unknown } | undefined) =>
        typeof emitter?.count === 'number' && emitter.count > 0 ? emitter.count : 0;
    return count(holder.__signal_exit_emitter__) + count(holder[Symbol.for('signal-exit emitter')]);
}

/** Listeners that do not decide what `signal` means: signal-exit's, and browsers being closed. */
function passiveListeners(signal: NodeJS.Signals): number {
    const browsers = process.listeners(signal).filter((listener) => isBrowserCleanupListener(signal, listener)).length;
    return signalExitListeners() + browsers;
}

/** Waits for `promise`, but no longer than `ms`; never rejects. */
function settleWithin(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
    if (!promise) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
    });
    return Promise.race([
        promise.then(
            () => undefined,
            () => undefined,
        ),
        limit,
    ]).finally(() => clearTimeout(timer));
}

/** Listeners of `signal` that decide what it means: not a reporter's, not a passive one. */
function deciders(signal: NodeJS.Signals): number {
    return Math.max(0, foreignListeners(signal) - passiveListeners(signal));
}

/**
 * Ends the process the way `signal` would have, once the reporter is done with it: raised again when
 * only signal-exit still listens (it re-raises it too, so the process dies of the signal). Any other
 * listener left (a browser library closing its browsers, or a handler added meanwhile) would swallow
 * the signal and keep the process alive, so it exits with the code a shell shows for the signal.
 */
function endAsSignalWould(signal: NodeJS.Signals): void {
    // As PID 1 (a container's main process) the kernel drops a signal the process sends itself once
    // no handler is left, and the run would go on after "Aborted": exit with the signal's code instead.
    if (foreignListeners(signal) <= signalExitListeners() && process.pid !== 1) process.kill(process.pid, signal);
    else process.exit(signalExitCode(signal));
}

/**
 * "Aborted" naming the signal; but once "Time limit reached" went out ahead of the limit, a signal is
 * taken to be the platform stopping the run at its limit (its clock may be a little ahead of ours):
 * the time limit's message stands.
 */
function signalOutcome(host: LifecycleHost, signal: NodeJS.Signals): RunOutcome {
    return host.status === 'timed-out' ? { status: 'timed-out' } : { status: 'aborted', reason: `received ${signal}` };
}

/**
 * SIGTERM (the platform or Docker stopping the run), SIGINT (Ctrl+C) and SIGHUP (the terminal closed)
 * kill a Node process with no message. Listening stops that, so the handler must finish what the
 * signal started:
 *
 * - First of all listeners, one that only notes the signal: a handler the Actor installed before the
 *   reporter runs before the reporter's own, and may end the process right there (`process.exit()`);
 *   the exit hook then still knows the run was interrupted.
 *
 * - When nobody else listens, the signal would have killed the process: the run's work stops first (an
 *   attached crawler starts no new request; those under way get up to half the terminal deadline,
 *   which counts from the signal), so that nothing is done that "Aborted" does not count (a request
 *   that finishes later, while a slow API is retried, is counted by the retry); then "Aborted" is
 *   sent, and the same signal raised
 *   again with our listener gone, so the process dies exactly as it would have
 *   (the parent sees the signal; a shell shows 128 + its number). Playwright's and Puppeteer's
 *   SIGTERM listeners only close their browsers (a crawler would launch new ones and crawl on): they
 *   do not count, and since they would swallow the raised signal, the process exits with 143.
 * - When someone else listens (the user's own handler, Crawlee's SIGINT pause), they decide what
 *   the signal means: nothing is sent and nothing exits; the run ends through another path, whose
 *   message then says it was interrupted.
 * - While migrating, a signal is the platform moving the run: it resumes elsewhere, so no terminal.
 * - A second signal while the run is ending (its terminal message still on its way to a slow or hung
 *   API) ends the process at once, as Crawlee's "press CTRL+C again to force exit" does: the user
 *   insists, and the exit hook sends nothing more.
 */
export function handleSignals(
    host: LifecycleHost,
    context: ExitContext,
    {
        terminalDeadlineMs: deadlineMs,
        stopWork,
        endSince,
    }: Pick<LifecycleSettings, 'terminalDeadlineMs' | 'stopWork' | 'endSince'>,
): () => void {
    const removers: (() => void)[] = [];
    const detach = () => {
        for (const remove of removers.splice(0)) remove();
    };
    let received = 0;
    for (const signal of SIGNALS) {
        removers.push(
            listenOnProcess(
                signal,
                () => {
                    context.interruptedBy ??= signal;
                },
                { first: true },
            ),
        );
        const listener = () => {
            received += 1;
            if (deciders(signal) > 0) return;
            if (received > 1 && host.ended) {
                context.forced = true;
                detach();
                endAsSignalWould(signal);
                return;
            }
            const since = Date.now();
            const ending =
                host.status === 'migrating'
                    ? settleWithin(context.saving, deadlineMs) // the counts the next start goes on from
                    : stopWork(stopWorkWaitMs(deadlineMs))
                          .then(() => endSince(signalOutcome(host, signal), since))
                          .then(() => undefined);
            void ending.then(() => {
                detach();
                // With several reporters, the last one to have sent its message ends the process.
                if (ownListeners(signal) > 0) return;
                endAsSignalWould(signal);
            });
        };
        removers.push(listenOnProcess(signal, listener));
    }
    return detach;
}
