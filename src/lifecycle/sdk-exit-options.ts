/** What `Actor.exit()` / `Actor.fail()` was called with: the user's message and the exit code. */
export interface SdkExitOptions {
    statusMessage?: string | null;
    exitCode?: number;
}

interface SeenExit {
    /** The options object the SDK handed its `exit` listeners. */
    options: object;
    exit: SdkExitOptions;
    /** The SDK ends the process after it (`exit: false` keeps it alive). */
    endsProcess: boolean;
}

// On globalThis, so that two copies of the package in one process read the same exit.
const KEY = Symbol.for('actor-progress.sdk-exit.v1');
const holder = globalThis as { [KEY]?: { seen: SeenExit | undefined } };
holder[KEY] ??= { seen: undefined };
const registry = holder[KEY];

/**
 * The user's message and exit code from the options object the SDK hands its `exit` listeners, as
 * the user passed them. Several listeners read that object, and some take the message out of it (so
 * that the SDK does not send it after the terminal message, see quiet-sdk-exit.ts): the first one to
 * read it keeps what it said, for the others and for the exit hook, which words a failing exit after
 * "Finished" from it. Never throws: the object is the SDK's, whatever it holds.
 */
export function readSdkExit(options: object): SdkExitOptions {
    const seen = registry.seen;
    if (seen?.options === options) return seen.exit;
    const exit: SdkExitOptions = {};
    let endsProcess = true;
    try {
        const { statusMessage, exitCode, exit: exits } = options as Record<string, unknown>;
        if (typeof statusMessage === 'string' || statusMessage === null) exit.statusMessage = statusMessage;
        if (typeof exitCode === 'number') exit.exitCode = exitCode;
        endsProcess = exits !== false;
    } catch {
        // A getter that throws: nothing to tell from it.
    }
    registry.seen = { options, exit, endsProcess };
    return exit;
}

/** What the SDK's `exit()` that is ending the process was called with, if it was seen. */
export function lastSdkExit(): SdkExitOptions | undefined {
    const seen = registry.seen;
    return seen?.endsProcess ? seen.exit : undefined;
}
