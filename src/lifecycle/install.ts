import { handleBeforeExit } from './before-exit.js';
import { handleCrashes } from './crashes.js';
import { handleProcessExit } from './exit-hook.js';
import { exitFacts, outcomeOfSdkExit, type SdkExitOptions } from './exit-outcome.js';
import { watchLoggedExceptions } from './main-error.js';
import { saveProgressState } from './persistence.js';
import { quietSdkExitMessage } from './quiet-sdk-exit.js';
import { onSdkEvents, sdkInitialized } from './sdk-events.js';
import { readSdkExit } from './sdk-exit-options.js';
import { handleSignals } from './signals.js';
import { handleTimeLimit } from './time-limit.js';
import type { ExitContext, LifecycleHost, LifecycleSettings } from './types.js';

/** A reporter's exit handlers, as `installExitHandlers` hooked them. */
export interface ExitHandlers {
    /** Removes every one of them (`detachExitHandlers()`). Idempotent. */
    detach(): void;
    /**
     * The terminal message is settled: every handler goes, but after a run that finished the exit
     * hook stays, in its run's slot, to replace "Finished" if the process then fails (see
     * `handleProcessExit` and after-finish.ts).
     */
    settled(finished: boolean): void;
}

/**
 * Hooks every way a run can end, for one reporter. Installed once, when the reporter is created;
 * removed when its terminal message is settled (or on `detachExitHandlers()`), like pino's flush
 * hooks: nothing is left on `process` or on the SDK, but the exit hook of the latest run that
 * finished (one per run, see after-finish.ts).
 */
export function installExitHandlers(host: LifecycleHost, settings: LifecycleSettings): ExitHandlers {
    const context: ExitContext = {
        interruptedBy: undefined,
        forced: false,
        saving: undefined,
        mainError: undefined,
        crash: undefined,
    };
    const { log, persistStateKey } = settings;
    const save = () => {
        if (persistStateKey === false) return Promise.resolve();
        const saving = saveProgressState(persistStateKey, host.exportState(), log);
        context.saving = saving;
        return saving;
    };

    const exitHook = handleProcessExit(host, context, settings);
    const detachers = [
        watchLoggedExceptions((error) => {
            context.mainError = error;
        }),
        onSdkEvents({
            // Awaited by `Actor.exit()` / `Actor.fail()` before they tear down and exit; `options` is the
            // very object the SDK reads afterwards.
            exit: async (options) => {
                const exitOptions = options as SdkExitOptions;
                // As the user passed it: another listener may have taken the message out already.
                const called = readSdkExit(exitOptions);
                // While migrating the run resumes elsewhere and ends there: no terminal message here,
                // not even the user's (see docs/exit-paths.md, "Migrations and restarts").
                if (host.status === 'migrating') return quietSdkExitMessage(exitOptions, log);
                await host.end(outcomeOfSdkExit(called, exitFacts(context, settings)));
                // We delivered the user's message (or tried to until the deadline): the SDK must not
                // send it again after ours. Locally the reporter's log transport has just printed it.
                if (host.transportName === 'log') exitOptions.statusMessage = undefined;
                else quietSdkExitMessage(exitOptions, log);
            },
            // The platform kills the run 30 s after this; the SDK then calls `Actor.exit()` with no message.
            aborting: async () => {
                await host.end({ status: 'aborted' });
            },
            migrating: async () => {
                await Promise.all([host.markMigrating(), save()]);
            },
            persistState: save,
        }),
        handleSignals(host, context, settings),
        handleCrashes(host, context, settings),
        handleBeforeExit(host, context, settings),
        handleTimeLimit(host, settings),
    ];

    // Created after `Actor.init()`: a previous start's counts can be read now. Before it, the
    // storage is not ready; `withProgress` (or the user) calls `restoreState()` after init.
    if (persistStateKey !== false && sdkInitialized()) void host.restoreState();

    const detachAllBut = () => {
        for (const detach of detachers.splice(0)) detach();
    };
    return {
        detach: () => {
            detachAllBut();
            exitHook.remove();
        },
        settled: (finished) => {
            detachAllBut();
            if (finished) exitHook.keepAfterFinish();
            else exitHook.remove();
        },
    };
}
