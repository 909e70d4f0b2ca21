import { keepAfterFinish } from './after-finish.js';
import { currentExitCode, exitFacts, outcomeOfExitCode } from './exit-outcome.js';
import { foreignListeners, listenOnProcess, processIsExiting } from './own-listeners.js';
import type { ExitContext, LifecycleHost, LifecycleSettings } from './types.js';

/**
 * The most the exit hook may hold up an exit while it sends the terminal message and the final
 * progress record (never more than what is left of `terminalDeadlineSecs` either). Measured:
 * ~40-100 ms on loopback (docs/benchmarks.md). A second copy of the terminal message, when a progress
 * call on the wire may land after the first, can hold it longer (see `ExitDelivery`).
 */
export const EXIT_HOOK_BUDGET_MS = 2_000;

/**
 * The last line of defence: the process is exiting and no terminal message has landed. That is a
 * direct `process.exit()` (by the Actor, or by a library: Playwright and Puppeteer call
 * `process.exit(130)` on Ctrl+C), or any other path whose message did not land in time. An `'exit'`
 * listener cannot wait for I/O, so the message is sent synchronously (the transport's `sendSync`: a
 * worker thread makes the PUT while this thread blocks), worded from the exit code: 0 "Finished",
 * 129 / 130 / 143 "Aborted ... interrupted by SIGHUP / SIGINT / SIGTERM", 1 after a crash "Failed"
 * naming it, any other "Failed ... exit code N". The final progress record follows the same way.
 *
 * The listener goes first of all `exit` listeners: one added before it that throws (a log flush to a
 * missing folder) would otherwise stop the emit before it ran. After a run that finished it moves to
 * the process-wide slot of its run (`keepAfterFinish`, see after-finish.ts), so that a process that
 * then fails (a crash, a non-zero exit code) does not keep "Finished" as its last word (the reporter
 * replaces it); it does nothing on a clean exit.
 *
 * Nothing is sent while migrating (the run goes on elsewhere), nor after a second signal (forced).
 */
export interface ExitHook {
    /** Removes it, from `process` or from its run's slot. Idempotent. */
    remove(): void;
    /** The run finished: the hook leaves `process` for its run's slot, replacing an older reporter's there. */
    keepAfterFinish(): void;
}

export function handleProcessExit(
    host: LifecycleHost,
    context: ExitContext,
    settings: Pick<LifecycleSettings, 'log' | 'endAtExit' | 'completed' | 'run'>,
): ExitHook {
    const { log, endAtExit } = settings;
    const listener = (code: number | undefined) => {
        // Forced (a second signal while ending): the user wants out now, not seconds later.
        if (host.status === 'migrating' || context.forced) return;
        try {
            const exitCode = currentExitCode(code ?? process.exitCode);
            const outcome = outcomeOfExitCode(exitCode, exitFacts(context, settings));
            const result = endAtExit(outcome, EXIT_HOOK_BUDGET_MS, exitCode);
            if (result === 'unsupported') {
                log.warnOnce(
                    'exit-unsupported',
                    `The process exited (exit code ${exitCode}) before the final status message was sent, and the transport "${host.transportName}" cannot send while the process exits (it has no sendSync()): the run keeps its last progress message.`,
                );
            }
        } catch {
            // An exit listener that throws prints a confusing stack over the real exit: never.
        }
    };
    // Passive: sees a crash on its way to Node's handler, so that the exit it causes names it. Only one
    // that ends the process counts: not with the Actor's own handler, not one raised while exiting.
    const monitor = (error: unknown) => {
        if (foreignListeners('uncaughtException') === 0 && !processIsExiting()) context.crash = { error };
    };
    const stopListening = listenOnProcess('exit', listener as (...args: never[]) => void, { first: true });
    process.on('uncaughtExceptionMonitor', monitor);
    const leaveProcess = () => {
        stopListening();
        process.off('uncaughtExceptionMonitor', monitor);
    };
    let leaveSlot: (() => void) | undefined;
    return {
        remove: () => {
            leaveProcess();
            leaveSlot?.();
            leaveSlot = undefined;
        },
        keepAfterFinish: () => {
            leaveProcess();
            leaveSlot ??= keepAfterFinish(settings.run, { exit: listener, crash: monitor });
        },
    };
}
