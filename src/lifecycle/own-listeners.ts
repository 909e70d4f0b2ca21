type ProcessListener = (...args: never[]) => void;

interface Registry {
    /** Every process listener any reporter installed, in any copy of this module. */
    listeners: Set<ProcessListener>;
    /** Errors already printed by one reporter's crash handler, so that the next one stays quiet. */
    printed: WeakSet<object>;
}

// On globalThis, so that two copies of the package in one process (a bundled and an installed one)
// still know each other's listeners.
const KEY = Symbol.for('actor-progress.process-listeners');
const holder = globalThis as { [KEY]?: Registry };
holder[KEY] ??= { listeners: new Set(), printed: new WeakSet() };
const registry: Registry = holder[KEY];

/**
 * Adds `listener` for `event` on `process` as one of the reporters' own (before every other listener
 * with `first`), and returns the function that removes it. Reporters' listeners do not count as "the Actor handles this itself": with two
 * reporters each would otherwise stand aside for the other, and a signal or a crash would be
 * swallowed with no one to end the process.
 */
export function listenOnProcess(
    event: string,
    listener: (...args: never[]) => void,
    { first = false }: { first?: boolean } = {},
): () => void {
    registry.listeners.add(listener);
    if (first) process.prependListener(event as NodeJS.Signals, listener as (...args: unknown[]) => void);
    else process.on(event, listener as (...args: unknown[]) => void);
    return () => {
        process.off(event, listener as (...args: unknown[]) => void);
        registry.listeners.delete(listener);
    };
}

/** Listeners of `event` that are not a reporter's: the Actor's own, or a library's. */
export function foreignListeners(event: string): number {
    return process.listeners(event as NodeJS.Signals).filter((listener) => !registry.listeners.has(listener)).length;
}

/** Listeners of `event` that reporters installed and have not removed yet. */
export function ownListeners(event: string): number {
    return process.listeners(event as NodeJS.Signals).filter((listener) => registry.listeners.has(listener)).length;
}

/** Whether a reporter's listener of `event` comes after `listener` (it will run in the same emit). */
export function ownListenerAfter(event: string, listener: ProcessListener): boolean {
    const all = process.listeners(event as NodeJS.Signals) as unknown[];
    return all.slice(all.indexOf(listener) + 1).some((other) => registry.listeners.has(other as ProcessListener));
}

/**
 * Whether the process is exiting: `process.exit()` was called (or a crash began the exit), its `exit`
 * listeners run, and nothing asynchronous will run any more. Node's own flag, set before it emits `exit`.
 */
export function processIsExiting(): boolean {
    return (process as { _exiting?: unknown })._exiting === true;
}

/** True the first time it is asked about `error` (an object), false after: print a crash once. */
export function firstReportOf(error: unknown): boolean {
    if (typeof error !== 'object' || error === null) return true;
    if (registry.printed.has(error)) return false;
    registry.printed.add(error);
    return true;
}
