import { inspect } from 'node:util';
import { EXIT_HOOK_BUDGET_MS } from './exit-hook.js';
import { CRASH_EXIT_CODE, currentExitCode, exitFacts, outcomeOfExitCode } from './exit-outcome.js';
import {
    firstReportOf,
    foreignListeners,
    listenOnProcess,
    ownListenerAfter,
    ownListeners,
    processIsExiting,
} from './own-listeners.js';
import type { ExitContext, LifecycleHost, LifecycleSettings } from './types.js';

/** Printed first, as Node would, so the error shows even if the API then hangs. */
function printCrash(error: unknown, origin: string): void {
    if (!firstReportOf(error)) return;
    const what = origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception';
    process.stderr.write(`${what}: ${error instanceof Error ? (error.stack ?? String(error)) : inspect(error)}\n`);
}

/**
 * An uncaught exception, or an unhandled rejection (which Node's default `throw` mode raises as one),
 * would end the process at once with no message. Listening keeps the process alive long enough to
 * send "Failed: ... · <the error>", then it ends as it would have: the error printed, code 1.
 *
 * One raised while the process is already exiting (an `exit` listener that throws: Node stops that
 * emit and reports it here) leaves no time for anything asynchronous: the exit hook's delivery runs
 * at once, synchronously (it sends nothing more when it already ran), and the process ends with the
 * code it was exiting with, as Node ends it.
 *
 * When the Actor has its own `uncaughtException` listener, the process would not have crashed:
 * that listener decides, and nothing is done here (other reporters' listeners do not count). Same for rejections when it has an
 * `unhandledRejection` listener or runs with `--unhandled-rejections=warn`: they never arrive here.
 */
export function handleCrashes(
    host: LifecycleHost,
    context: ExitContext,
    settings: Pick<LifecycleSettings, 'endAtExit' | 'completed'>,
): () => void {
    let crashed = false;
    const listener = (error: unknown, origin: string) => {
        if (foreignListeners('uncaughtException') > 0) return;
        printCrash(error, origin);
        if (processIsExiting()) return endWhileExiting();
        // Whatever ends the process from here on, it ends as a crash.
        process.exitCode = CRASH_EXIT_CODE;
        if (crashed) return;
        crashed = true;
        // While migrating the run resumes elsewhere from what was saved: the notice stays, no terminal.
        const ending = host.status === 'migrating' ? Promise.resolve() : host.end({ status: 'failed', reason: error });
        void ending.then(() => {
            stopListening(); // (ending the reporter removed it already; this makes sure)
            // With several reporters, the last one to have sent its message ends the process.
            if (ownListeners('uncaughtException') === 0) process.exit(CRASH_EXIT_CODE);
        });
    };
    const endWhileExiting = () => {
        // Node's own code when it ends a process this way: the one set (by process.exit()), else 1.
        const exitCode = process.exitCode === undefined ? CRASH_EXIT_CODE : currentExitCode();
        if (host.status !== 'migrating' && !context.forced) {
            try {
                const outcome = outcomeOfExitCode(exitCode, exitFacts(context, settings));
                settings.endAtExit(outcome, EXIT_HOOK_BUDGET_MS, exitCode);
            } catch {
                // Never a second error over the first.
            }
        }
        // Every reporter's listener runs in this same emit: the last one ends the process.
        if (!ownListenerAfter('uncaughtException', listener as (...args: never[]) => void)) process.exit(exitCode);
    };
    const stopListening = listenOnProcess('uncaughtException', listener as (...args: never[]) => void);
    return stopListening;
}
