import type { RunOutcome } from '../counting/outcome.js';
import { lastSdkExit, type SdkExitOptions } from './sdk-exit-options.js';
import type { ExitContext, LifecycleSettings } from './types.js';

export type { SdkExitOptions } from './sdk-exit-options.js';

/** The SDK's exit code for a throw inside `Actor.main()` (`EXIT_CODES.ERROR_USER_FUNCTION_THREW`). */
export const MAIN_THREW_EXIT_CODE = 91;

interface ExitFacts {
    /** The error `Actor.main()` logged just before exiting with code 91. */
    mainError?: unknown;
    /** A signal someone else handled before the run ended. */
    interruptedBy?: string | undefined;
    /** Every unit of a known total was handled: an interruption earlier did not cut the run short. */
    completed?: boolean;
    /** The uncaught exception (or rejection) that ended the process, which Node exits with code 1 for. */
    crash?: { error: unknown } | undefined;
    /** What the SDK's `exit()` was called with, when it is what ends the process (see sdk-exit-options.ts). */
    sdkExit?: SdkExitOptions | undefined;
}

/** The message the user passed, unless it is missing or blank. */
function userMessage(options: SdkExitOptions | undefined): string | undefined {
    const message = options?.statusMessage;
    return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}

/** Node's exit code for an uncaught exception (and an unhandled rejection in the default mode). */
export const CRASH_EXIT_CODE = 1;

/**
 * What the terminal message says when the SDK exits. Pure.
 * - A message the user passed to `Actor.exit(msg)` / `Actor.fail(msg)` is sent as it is.
 * - Otherwise code 0 is "Finished" (or "Aborted" after a signal someone else handled), code 91 is
 *   the main function's error, any other code is "Failed" naming the code.
 */
export function outcomeOfSdkExit(options: SdkExitOptions, facts: ExitFacts = {}): RunOutcome {
    const exitCode = typeof options.exitCode === 'number' ? options.exitCode : 0;
    const status = exitCode === 0 ? 'finished' : 'failed';
    const message = userMessage(options);
    if (message !== undefined) return { status, message };
    return outcomeOfExitCode(exitCode, { ...facts, sdkExit: undefined });
}

/** Exit codes that say a signal ended the run: 128 + the signal's number, as shells and Docker report them. */
const SIGNAL_EXIT_CODES: Readonly<Record<number, string>> = { 129: 'SIGHUP', 130: 'SIGINT', 143: 'SIGTERM' };

/**
 * The outcome of a run that ends with `exitCode` and no message of its own (`beforeExit`, a direct
 * `process.exit()`). 129, 130 and 143 are what a process interrupted by SIGHUP / SIGINT / SIGTERM exits
 * with (Playwright and Puppeteer call `process.exit(130)` on Ctrl+C): aborted, not failed. Code 0 after
 * a signal is aborted too, unless the run completed all the same (a handler that let it go on). Code 1
 * after a crash names the crash. A failing code the SDK's `exit()` was called with, with a message
 * (`Actor.fail(msg)`, `Actor.exit(msg, { exitCode })`), is that message, as `outcomeOfSdkExit` has it:
 * the exit hook words the exit from here when the reporter had finished before it.
 */
export function outcomeOfExitCode(exitCode: number, facts: ExitFacts = {}): RunOutcome {
    const message = exitCode !== 0 && facts.sdkExit?.exitCode === exitCode ? userMessage(facts.sdkExit) : undefined;
    if (message !== undefined) return { status: 'failed', message };
    if (exitCode === 0) {
        return facts.interruptedBy && !facts.completed
            ? { status: 'aborted', reason: `interrupted by ${facts.interruptedBy}` }
            : { status: 'finished' };
    }
    const signal = SIGNAL_EXIT_CODES[exitCode];
    if (signal) return { status: 'aborted', reason: `interrupted by ${signal}` };
    if (exitCode === CRASH_EXIT_CODE && facts.crash) return { status: 'failed', reason: facts.crash.error };
    if (exitCode === MAIN_THREW_EXIT_CODE) {
        return { status: 'failed', reason: facts.mainError ?? `the main function threw (exit code ${exitCode})` };
    }
    return { status: 'failed', reason: `exit code ${exitCode}` };
}

/** `process.exitCode` as a number: Node accepts numeric strings there too. */
export function currentExitCode(value: string | number | null | undefined = process.exitCode): number {
    const code = typeof value === 'string' ? Number.parseInt(value, 10) : value;
    return typeof code === 'number' && Number.isInteger(code) ? code : 0;
}

/** What the wording of an exit needs to know, as the handlers learnt it. */
export function exitFacts(context: ExitContext, settings: Pick<LifecycleSettings, 'completed'>): ExitFacts {
    return {
        interruptedBy: context.interruptedBy,
        mainError: context.mainError,
        completed: settings.completed(),
        crash: context.crash,
        sdkExit: lastSdkExit(),
    };
}
