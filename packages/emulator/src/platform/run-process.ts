import { ChildProcess } from 'node:child_process';
import type { ProcessExit, RunProcess, RunProcessHandle } from '../run-types.js';

function fromChildProcess(child: ChildProcess): RunProcess {
    const exited = new Promise<ProcessExit>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
            resolve({ code: child.exitCode, signal: child.signalCode });
            return;
        }
        child.once('exit', (code, signal) => resolve({ code, signal }));
        // A process that could not be spawned (ENOENT, EACCES) emits 'error' and never 'exit'.
        child.once('error', () => {
            if (child.pid === undefined) resolve({ code: null, signal: null });
        });
    });
    return {
        exited,
        kill: (signal) => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
        stdout: child.stdout,
        stderr: child.stderr,
    };
}

/**
 * The handle a `startRun` hook returned, as the emulator uses it: a `ChildProcess` as it is, or any
 * object with `exited` and `kill`. Anything else is a bug in the hook, reported with what it returned.
 */
export function adoptProcess(handle: RunProcessHandle): RunProcess {
    if (handle instanceof ChildProcess) return fromChildProcess(handle);
    const candidate = handle as Partial<RunProcess> | null | undefined;
    if (
        typeof candidate?.kill !== 'function' ||
        typeof (candidate.exited as Promise<unknown> | undefined)?.then !== 'function'
    ) {
        throw new TypeError(
            'Expected `startRun` to return a ChildProcess or an object with `exited` (a promise) and `kill()`, ' +
                `got \`${String(handle)}\``,
        );
    }
    return candidate as RunProcess;
}

/** The exit code a shell reports for a process killed by `signal` (128 + its number): SIGKILL is 137. */
export function signalExitCode(signal: NodeJS.Signals | null, signals: Record<string, number>): number | null {
    if (signal === null) return null;
    const number = signals[signal];
    return number === undefined ? null : 128 + number;
}
