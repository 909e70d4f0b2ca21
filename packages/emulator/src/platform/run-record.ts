import { constants } from 'node:os';
import type { Run, RunStatus } from '../api-types.js';
import { RunConsole } from '../console.js';
import { EventSocket } from '../events.js';
import type { ApiCallCounts, ProcessExit, RunInput, RunProcess } from '../run-types.js';
import { type EmulatorClock, Timeline } from '../timeline.js';
import { FINISHED_STATUSES, platformFinalMessage, runDurationMs } from './run-data.js';
import { RunLog } from './run-log.js';
import { signalExitCode } from './run-process.js';
import type { Timers } from './timers.js';

interface RunRecordOptions {
    data: Run;
    token: string;
    input: RunInput | undefined;
    webServerPort: number;
    clock: EmulatorClock;
    timers: Timers;
    abortGraceMs: number;
    killTimeoutMs: number;
}

/**
 * One run's state on the emulated platform: the API object, its Console and timeline, its events
 * websocket and log, and the life of its process (abort, time-out, exit -> final status).
 */
export class RunRecord {
    readonly data: Run;
    readonly token: string;
    readonly input: RunInput | undefined;
    readonly webServerPort: number;
    readonly console = new RunConsole();
    readonly timeline = new Timeline();
    readonly events = new EventSocket();
    readonly log = new RunLog();
    readonly #clock: EmulatorClock;
    readonly #timers: Timers;
    readonly #abortGraceMs: number;
    readonly #killTimeoutMs: number;
    readonly #calls = new Map<string, number>();
    readonly #cancels = new Set<() => void>();
    readonly #finished: Promise<void>;
    #resolveFinished: () => void = () => {};
    #process: RunProcess | undefined;
    #aborting = false;
    #timedOut = false;

    constructor(options: RunRecordOptions) {
        this.data = options.data;
        this.token = options.token;
        this.input = options.input;
        this.webServerPort = options.webServerPort;
        this.#clock = options.clock;
        this.#timers = options.timers;
        this.#abortGraceMs = options.abortGraceMs;
        this.#killTimeoutMs = options.killTimeoutMs;
        this.#finished = new Promise((resolve) => {
            this.#resolveFinished = resolve;
        });
    }

    get id(): string {
        return this.data.id;
    }

    get isFinished(): boolean {
        return FINISHED_STATUSES.includes(this.data.status);
    }

    get hasProcess(): boolean {
        return this.#process !== undefined;
    }

    /** Resolves once the run has a final status. */
    whenFinished(): Promise<void> {
        return this.#finished;
    }

    countCall(kind: string | undefined): void {
        const key = kind ?? 'unknown';
        this.#calls.set(key, (this.#calls.get(key) ?? 0) + 1);
    }

    apiCalls(now = new Date()): ApiCallCounts {
        const byKind = Object.fromEntries([...this.#calls].sort(([a], [b]) => a.localeCompare(b)));
        const total = [...this.#calls.values()].reduce((sum, count) => sum + count, 0);
        const durationMs = runDurationMs(this.data, now);
        return { total, byKind, durationMs, perMinute: durationMs > 0 ? (total * 60_000) / durationMs : 0 };
    }

    /** The hook started the run's process: RUNNING until it exits. */
    attach(process: RunProcess): void {
        this.#process = process;
        if (this.isFinished) {
            // Aborted (or timed out) while the hook was still starting it: the process has no run to serve.
            process.kill('SIGKILL');
            return;
        }
        this.data.status = 'RUNNING';
        this.log.capture(process.stdout);
        this.log.capture(process.stderr);
        void process.exited.then((exit) => this.#onExit(exit));
    }

    /** The hook threw: the run fails without ever running, as a run whose container could not start. */
    failedToStart(error: unknown): void {
        this.log.line(`ACTOR: The run could not be started: ${error instanceof Error ? error.message : String(error)}`);
        this.#end('FAILED', null);
    }

    /** Starts the clock of `options.timeoutSecs`: TIMING-OUT, then the process is stopped and the run TIMED-OUT. */
    startTimeout(): void {
        const { timeoutSecs } = this.data.options;
        if (!(timeoutSecs > 0)) return;
        this.#schedule(timeoutSecs * 1000, () => {
            if (this.isFinished) return;
            this.#timedOut = true;
            this.data.status = 'TIMING-OUT';
            this.log.line('ACTOR: The run has reached its timeout and is being stopped.');
            this.#stop();
        });
    }

    /**
     * Aborts as the platform does: ABORTING; gracefully, `aborting` and `persistState` first and the
     * process stopped after the grace period; otherwise stopped at once. ABORTED once it has ended.
     */
    abort(gracefully: boolean): void {
        if (this.isFinished) return;
        const already = this.#aborting;
        this.#aborting = true;
        this.data.status = 'ABORTING';
        if (!gracefully) {
            this.#stop();
            return;
        }
        if (already) return;
        this.events.send('aborting');
        this.events.send('persistState', { isMigrating: false });
        this.#schedule(this.#abortGraceMs, () => this.#stop());
    }

    /** Ends a run that has no process (SUCCEEDED for 0, FAILED otherwise; ABORTED while aborting). */
    finishByHand(exitCode: number): void {
        if (this.#process !== undefined) {
            throw new Error(`Run ${this.id} has a process: it finishes when the process exits (or abort() it)`);
        }
        this.log.line(`ACTOR: The run was ended by hand with exit code ${exitCode}.`);
        this.#end(this.#statusFor(exitCode), exitCode);
    }

    /** For `close()`: kills the process now and resolves once it has exited (bounded by the caller). */
    async kill(): Promise<void> {
        const process = this.#process;
        if (process === undefined || this.isFinished) return;
        process.kill('SIGKILL');
        await process.exited;
    }

    /** Releases the run's timers and followers when the emulator closes. */
    dispose(): void {
        for (const cancel of this.#cancels) cancel();
        this.#cancels.clear();
        this.log.end();
    }

    sendEvent(name: string, data?: unknown): void {
        this.events.send(name, data);
    }

    #statusFor(exitCode: number | null): RunStatus {
        if (this.#timedOut) return 'TIMED-OUT';
        if (this.#aborting) return 'ABORTED';
        return exitCode === 0 ? 'SUCCEEDED' : 'FAILED';
    }

    /** SIGTERM, then SIGKILL if the process is still there after `killTimeoutMs`; a run with no process ends now. */
    #stop(): void {
        const process = this.#process;
        if (process === undefined) {
            this.#end(this.#statusFor(null), null);
            return;
        }
        process.kill('SIGTERM');
        this.#schedule(this.#killTimeoutMs, () => process.kill('SIGKILL'));
    }

    #onExit({ code, signal }: ProcessExit): void {
        const exitCode = code ?? signalExitCode(signal, constants.signals);
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        this.log.line(`ACTOR: The process ended with ${how}.`);
        this.#end(this.#statusFor(exitCode), exitCode);
    }

    #end(status: RunStatus, exitCode: number | null): void {
        if (this.isFinished) return;
        const run = this.data;
        run.status = status;
        run.exitCode = exitCode;
        run.finishedAt = new Date().toISOString();
        const durationMillis = runDurationMs(run, new Date());
        run.stats.durationMillis = durationMillis;
        run.stats.runTimeSecs = durationMillis / 1000;
        if (!run.isStatusMessageTerminal) {
            // The platform's own last word: the Actor left no terminal message (or none at all).
            const message = platformFinalMessage(status, exitCode);
            run.statusMessage = message;
            run.isStatusMessageTerminal = true;
            this.console.platformMessage(this.#clock.now(), message);
        }
        this.dispose();
        this.#resolveFinished();
    }

    #schedule(ms: number, callback: () => void): void {
        const cancel = this.#timers.after(ms, () => {
            this.#cancels.delete(cancel);
            callback();
        });
        this.#cancels.add(cancel);
    }
}
