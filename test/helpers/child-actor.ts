import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformEmulator } from '@actor-progress/emulator';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface ChildActor {
    child: ChildProcess;
    /** Resolves with the text after "READY" once the fixture waits for the outside world. */
    ready: Promise<string>;
    /** Resolves when the fixture exited. */
    exited: Promise<ChildResult>;
    /** Sets the moment the exit was triggered (a signal or an event sent), to measure the exit delay. */
    trigger(): void;
    output(): string;
}

export interface ChildResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    /** From the trigger (or the fixture's "EXITING" mark) to the process exit. */
    exitDelayMs: number | undefined;
    totalMs: number;
    stdout: string;
    stderr: string;
}

/** A storage directory of its own per run, so the fixtures never share state by accident. */
export function freshStorageDir(): string {
    return mkdtempSync(join(tmpdir(), 'actor-progress-'));
}

/**
 * Runs `test/fixtures/<name>.ts` as an Actor would run: its own Node process, `tsx` for TypeScript,
 * the run's environment pointing at the emulator.
 */
export function startFixture(
    emulator: PlatformEmulator,
    name: string,
    args: string[] = [],
    env: Record<string, string> = {},
): ChildActor {
    const startedAt = performance.now();
    let triggeredAt: number | undefined;
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, `${name}.ts`), ...args], {
        env: {
            ...process.env,
            ...emulator.env(),
            CRAWLEE_STORAGE_DIR: freshStorageDir(),
            APIFY_LOG_LEVEL: 'WARNING',
            ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let onReady: (detail: string) => void = () => {};
    const ready = new Promise<string>((resolve) => {
        onReady = resolve;
    });
    child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk;
        const match = /READY ?(.*)/.exec(stdout);
        if (match) onReady(match[1] ?? '');
        if (triggeredAt === undefined && stdout.includes('EXITING')) triggeredAt = performance.now();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk;
    });
    const exited = new Promise<ChildResult>((resolve) => {
        child.on('exit', (code, signal) => {
            const now = performance.now();
            resolve({
                code,
                signal,
                exitDelayMs: triggeredAt === undefined ? undefined : Math.round(now - triggeredAt),
                totalMs: Math.round(now - startedAt),
                stdout,
                stderr,
            });
        });
    });
    return {
        child,
        ready,
        exited,
        trigger: () => {
            triggeredAt = performance.now();
        },
        output: () => `${stdout}\n${stderr}`,
    };
}

/** Appends a measured exit to `$TIMINGS_FILE`, when set, for the figures in the report. */
export function recordTiming(label: string, result: ChildResult): void {
    const file = process.env.TIMINGS_FILE;
    if (!file) return;
    appendFileSync(file, `${JSON.stringify({ label, exitDelayMs: result.exitDelayMs, totalMs: result.totalMs })}\n`);
}
