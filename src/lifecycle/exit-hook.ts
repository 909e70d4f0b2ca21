import { currentExitCode, exitFacts, outcomeOfExitCode } from './exit-outcome.js';
import type { ExitContext, LifecycleHost, LifecycleSettings } from './types.js';

/**
 * The most the exit hook may hold up an exit while it sends the terminal message and the final
 * progress record (never more than what is left of `terminalDeadlineSecs` either). Measured:
 * ~40-100 ms on loopback (docs/benchmarks.md); up to all of it when a progress call is on the wire.
 */
const EXIT_HOOK_BUDGET_MS = 2_000;

/**
 * The last line of defence: the process is exiting and no terminal message has landed. That is a
 * direct `process.exit()` (by the Actor, or by a library: Playwright and Puppeteer call
 * `process.exit(130)` on Ctrl+C), or any other path whose message did not land in time. An `'exit'`
 * listener cannot wait for I/O, so the message is sent synchronously (the transport's `sendSync`: a
 * worker thread makes the PUT while this thread blocks), worded from the exit code: 0 "Finished",
 * 130 / 143 "Aborted ... interrupted by SIGINT / SIGTERM", any other "Failed ... exit code N". The
 * final progress record follows the same way, so that it says how the run ended too.
 *
 * Nothing is sent while migrating (the run goes on elsewhere), and nothing when the terminal message
 * has landed or was given up: the reporter removes this hook with the others once it is settled, so
 * an exit after it costs nothing at all.
 */
export function handleProcessExit(
    host: LifecycleHost,
    context: ExitContext,
    settings: Pick<LifecycleSettings, 'log' | 'endAtExit' | 'completed'>,
): () => void {
    const { log, endAtExit } = settings;
    const listener = (code: number | undefined) => {
        // Forced (a second signal while ending): the user wants out now, not up to 2 s later.
        if (host.status === 'migrating' || context.forced) return;
        try {
            const exitCode = currentExitCode(code ?? process.exitCode);
            const outcome = outcomeOfExitCode(exitCode, exitFacts(context, settings));
            const result = endAtExit(outcome, EXIT_HOOK_BUDGET_MS);
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
    process.on('exit', listener);
    return () => {
        process.off('exit', listener);
    };
}
