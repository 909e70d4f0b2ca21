import { listenOnProcess } from './own-listeners.js';
import { onSdkEvents } from './sdk-events.js';
import { readSdkExit } from './sdk-exit-options.js';

/** A finished reporter's exit hook: what it does when the process exits, and when a crash passes by. */
export interface AfterFinishHook {
    exit(code: number | undefined): void;
    crash(error: unknown): void;
}

interface Registry {
    /** The latest finished reporter's hook of each run. */
    hooks: Map<string, AfterFinishHook>;
    /** Removes the process-wide listeners; set while there is a hook. */
    stop: (() => void) | undefined;
}

// On globalThis, so that two copies of the package in one process share one slot per run.
const KEY = Symbol.for('actor-progress.after-finish.v1');
const holder = globalThis as { [KEY]?: Registry };
holder[KEY] ??= { hooks: new Map(), stop: undefined };
const registry: Registry = holder[KEY];

/**
 * After a run that finished, one thing is left to watch: the process exiting with a code other than 0
 * (a crash after `finish()`, `Actor.fail()` after it), which makes "Finished" false, so the exit hook
 * replaces it. Only the latest finished reporter of each run (`run`: where its messages go) keeps its
 * hook, in one slot per run, and one set of listeners serves them all for the process: an `exit`
 * listener (first of all, as the reporters' own), an `uncaughtExceptionMonitor`, and an `exit` listener
 * on the SDK that keeps what `Actor.exit()` / `Actor.fail()` was called with (the user's message words
 * the replacement). So a long-lived process that finishes a reporter per job (a Standby Actor,
 * `withProgress` per request) holds one hook per run, not one per job, and a later failing exit
 * rewrites only the last "Finished" of each run. Returns the function that lets go of `hook` (the
 * listeners go with the last one).
 */
export function keepAfterFinish(run: string, hook: AfterFinishHook): () => void {
    registry.hooks.set(run, hook);
    registry.stop ??= listen();
    return () => {
        if (registry.hooks.get(run) !== hook) return;
        registry.hooks.delete(run);
        if (registry.hooks.size > 0) return;
        registry.stop?.();
        registry.stop = undefined;
    };
}

/** How many hooks the process keeps: one per run at most. */
export function afterFinishHooks(): number {
    return registry.hooks.size;
}

function listen(): () => void {
    const onExit = (code: number | undefined) => {
        for (const hook of [...registry.hooks.values()]) hook.exit(code);
    };
    const onCrash = (error: unknown) => {
        for (const hook of registry.hooks.values()) hook.crash(error);
    };
    const stopExit = listenOnProcess('exit', onExit as (...args: never[]) => void, { first: true });
    process.on('uncaughtExceptionMonitor', onCrash);
    const stopSdk = onSdkEvents({
        exit: async (options) => {
            readSdkExit(options);
        },
    });
    return () => {
        stopExit();
        process.off('uncaughtExceptionMonitor', onCrash);
        stopSdk();
    };
}
