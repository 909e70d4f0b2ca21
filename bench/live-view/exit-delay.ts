/**
 * How long each way of ending takes, from the moment the run starts to end to the process exit, with
 * the live view off and on (three viewers connected): the test fixture test/fixtures/live-view-exit.ts,
 * in child processes against the emulator, alternated.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlatformEmulator } from '@actor-progress/emulator';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/live-view-exit.ts', import.meta.url));

export type ExitPath = 'finish' | 'actor-exit' | 'sigterm' | 'crash' | 'process-exit';

function openViewer(url: string): Promise<() => void> {
    return new Promise((resolve) => {
        const req = request(`${url}events`, { agent: false }, (res) => {
            res.once('data', () => resolve(() => req.destroy()));
            res.on('error', () => undefined);
        });
        req.on('error', () => undefined);
        req.end();
    });
}

/** Milliseconds from "EXITING" to the process exit. */
export async function timeExit(path: ExitPath, liveView: boolean, viewers: number): Promise<number> {
    const emulator = await PlatformEmulator.start();
    const storage = mkdtempSync(join(tmpdir(), 'actor-progress-bench-'));
    try {
        const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, path], {
            env: {
                ...process.env,
                ...emulator.env(),
                CRAWLEE_STORAGE_DIR: storage,
                APIFY_LOG_LEVEL: 'WARNING',
                LIVE_VIEW: liveView ? 'on' : 'off',
            },
            stdio: ['ignore', 'pipe', 'ignore'],
        });
        let stdout = '';
        let exitingAt: number | undefined;
        let onReady: (url: string) => void = () => undefined;
        const ready = new Promise<string>((resolve) => {
            onReady = resolve;
        });
        child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk;
            const match = /READY (\S+)/.exec(stdout);
            if (match?.[1]) onReady(match[1]);
            if (exitingAt === undefined && stdout.includes('EXITING')) exitingAt = performance.now();
        });
        const exited = new Promise<number>((resolve) => child.on('exit', () => resolve(performance.now())));
        const url = await ready;
        const closers = liveView ? await Promise.all(Array.from({ length: viewers }, () => openViewer(url))) : [];
        child.kill('SIGUSR2');
        const exitAt = await exited;
        for (const close of closers) close();
        if (exitingAt === undefined) throw new Error(`${path}: the fixture never started to exit`);
        return exitAt - exitingAt;
    } finally {
        await emulator.close();
        rmSync(storage, { recursive: true, force: true });
    }
}
