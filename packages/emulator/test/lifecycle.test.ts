import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ApifyClient } from 'apify-client';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PlatformEmulator } from '../src/index.js';
import { rawRequest, until } from './helpers/http.js';

/** Active handles and requests of this process that are not in `baseline` (compared as multisets). */
function beyond(baseline: readonly string[]): string[] {
    const remaining = [...baseline];
    return process.getActiveResourcesInfo().filter((resource) => {
        const index = remaining.indexOf(resource);
        if (index === -1) return true;
        remaining.splice(index, 1);
        return false;
    });
}

describe('close()', () => {
    it('leaves no handle open, also with hung requests, pending delays and websocket clients', async () => {
        const baseline = process.getActiveResourcesInfo();
        for (let i = 0; i < 10; i++) {
            const emu = await PlatformEmulator.start({ keepAlive: i % 2 === 0 });
            emu.fault({ match: (req) => req.path.endsWith('/hang'), hang: true });
            emu.fault({ match: (req) => req.path.endsWith('/slow'), delayMs: 60_000 });
            const hung = rawRequest(`${emu.url}/v2/hang`).catch((error: Error) => error);
            const slow = rawRequest(`${emu.url}/v2/slow`).catch((error: Error) => error);
            const socket = new WebSocket(emu.env().ACTOR_EVENTS_WEBSOCKET_URL ?? '');
            const socketClosed = new Promise((resolve) => socket.once('close', resolve));
            await rawRequest(`${emu.url}/v2/actor-runs/${emu.runId}`, {
                headers: { Authorization: `Bearer ${emu.token}` },
            });
            await until(() => emu.eventClients() === 1 && emu.timeline.length === 2, 'the hung request and client');

            await emu.close();
            await emu.close();
            // The clients see their connections end instead of waiting forever.
            expect(await hung).toBeInstanceOf(Error);
            expect(await slow).toBeInstanceOf(Error);
            await socketClosed;
        }
        // Client sockets close a loop turn after the server's; wait for that, bounded. Timers count too:
        // a delay fault's timer left running would show up here as a 'Timeout'. Vitest's own handles
        // come and go, so this checks for nothing beyond the baseline rather than for equality.
        await until(
            () => beyond(baseline).length === 0,
            () => `handles beyond the baseline to close: ${JSON.stringify(beyond(baseline))}`,
        );
    });

    it('refuses further use with a clear error', async () => {
        const emu = await PlatformEmulator.start();
        await emu.close();
        expect(() => emu.sendEvent('aborting')).toThrow(/closed/);
        await expect(emu.refuseConnections(true)).rejects.toThrow(/closed/);
        await expect(emu.waitFor(() => true)).rejects.toThrow(/closed/);
    });

    it('cuts hung requests when refusing connections', async () => {
        const emu = await PlatformEmulator.start();
        try {
            emu.fault({ hang: true, times: 1 });
            const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
            // Caught at once: it fails while refuseConnections() is still being awaited.
            const hung = client
                .run(emu.runId)
                .update({ statusMessage: 'stuck' })
                .catch((error: unknown) => error);
            await emu.waitFor((entries) => entries.length === 1);
            await emu.refuseConnections(true);
            expect(await hung).toMatchObject({ code: 'ECONNRESET' });
            expect(emu.run.statusMessage).toBeNull();
        } finally {
            await emu.close();
        }
    });
});

describe('options', () => {
    it('throws a TypeError naming a bad option', async () => {
        await expect(PlatformEmulator.start({ maxBodyBytes: 0 })).rejects.toThrow(/`maxBodyBytes`/);
        await expect(PlatformEmulator.start({ port: 70_000 })).rejects.toThrow(/`port`/);
        await expect(PlatformEmulator.start({ runId: 'a/b' })).rejects.toThrow(/`runId`/);
        await expect(PlatformEmulator.start({ keepAliveTimeoutMs: -1 })).rejects.toThrow(/`keepAliveTimeoutMs`/);
    });

    it('listens on the port it is given', async () => {
        const first = await PlatformEmulator.start();
        const port = Number(new URL(first.url).port);
        await first.close();
        const second = await PlatformEmulator.start({ port });
        try {
            expect(second.url).toBe(`http://127.0.0.1:${port}`);
        } finally {
            await second.close();
        }
    });
});

describe('CLI', () => {
    it('prints the environment, then each status message, and exits cleanly on SIGINT', async () => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--token', 'cli-token'], {
            cwd: new URL('..', import.meta.url),
            stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const lines: string[] = [];
        const waiters: Array<() => void> = [];
        createInterface({ input: child.stdout }).on('line', (line) => {
            lines.push(line);
            for (const wake of waiters.splice(0)) wake();
        });
        const lineMatching = async (pattern: RegExp): Promise<string> => {
            for (;;) {
                const found = lines.find((line) => pattern.test(line));
                if (found !== undefined) return found;
                await new Promise<void>((resolve) => waiters.push(resolve));
            }
        };
        try {
            await lineMatching(/^export ACTOR_EVENTS_WEBSOCKET_URL=/);
            const env = Object.fromEntries(
                lines.flatMap((line) => {
                    const match = /^export (\w+)='(.*)'$/.exec(line);
                    return match ? [[match[1], match[2]]] : [];
                }),
            );
            expect(env.APIFY_TOKEN).toBe('cli-token');
            const client = new ApifyClient({ baseUrl: env.APIFY_API_BASE_URL, token: env.APIFY_TOKEN, maxRetries: 0 });
            await client
                .run(env.ACTOR_RUN_ID ?? '')
                .update({ statusMessage: 'Done: 3 of 3 pages', isStatusMessageTerminal: true });
            expect(await lineMatching(/Done: 3 of 3 pages/)).toMatch(/^\+\d+\.\ds {2}\[terminal\] Done: 3 of 3 pages$/);
        } finally {
            child.kill('SIGINT');
        }
        expect(await exited).toBe(0);
        expect(lines.at(-1)).toBe('# Emulator closed.');
    });
});
