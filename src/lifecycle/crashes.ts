import { inspect } from 'node:util';
import { firstReportOf, foreignListeners, listenOnProcess, ownListeners } from './own-listeners.js';
import type { LifecycleHost } from './types.js';

/** Node's exit code for an uncaught exception (and an unhandled rejection in the default mode). */
const CRASH_EXIT_CODE = 1;

/**
 * An uncaught exception, or an unhandled rejection (which Node's default `throw` mode raises as one),
 * would end the process at once with no message. Listening keeps the process alive long enough to
 * send "Failed: ... · <the error>", then it ends as it would have: the error printed, code 1.
 *
 * When the Actor has its own `uncaughtException` listener, the process would not have crashed:
 * that listener decides, and nothing is done here (other reporters' listeners do not count). Same for rejections when it has an
 * `unhandledRejection` listener or runs with `--unhandled-rejections=warn`: they never arrive here.
 */
export function handleCrashes(host: LifecycleHost): () => void {
    let crashed = false;
    const listener = (error: unknown, origin: string) => {
        if (foreignListeners('uncaughtException') > 0) return;
        if (firstReportOf(error)) {
            // Printed first, as Node would, so the error shows even if the API then hangs.
            const what = origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception';
            process.stderr.write(
                `${what}: ${error instanceof Error ? (error.stack ?? String(error)) : inspect(error)}\n`,
            );
        }
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
    const stopListening = listenOnProcess('uncaughtException', listener as (...args: never[]) => void);
    return stopListening;
}
