/**
 * The terminal message against a slow, failing, hung or absent API, after a real `Actor.exit()` in a
 * child process, with the default deadline (8 s) and request timeout (5 s): the process ends (a hang
 * fails the test by its timeout), the exit code is kept, nothing lands after the terminal message.
 * How long the exit takes is measured, not asserted: `TIMINGS_FILE=...` collects it from these tests,
 * and `npm run bench -- terminal` compares it with the SDK's own exit.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildResult, recordTiming, startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal } from '../helpers/terminal.js';

const DEFAULTS = { PROGRESS_DEADLINE_SECS: '8', PROGRESS_REQUEST_TIMEOUT_SECS: '5' };
const FINISHED = /^Finished: 4 of 10 pages done · 1 failed · in \d+ s$/;

let emulator: PlatformEmulator | undefined;
afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
});

async function exitAgainst(
    label: string,
    emu: PlatformEmulator,
    env: Record<string, string> = {},
    whenReady: () => void | Promise<void> = () => {},
): Promise<ChildResult> {
    const actor = startFixture(emu, 'actor-exit', ['exit'], { ...DEFAULTS, ...env });
    await actor.ready;
    await whenReady();
    const result = await actor.exited;
    recordTiming(label, result);
    expect(result.code).toBe(0);
    return result;
}

describe('the terminal message against a bad API', () => {
    it('a slow API (1.5 s per request): delivered', async () => {
        emulator = await PlatformEmulator.start();
        emulator.fault({ match: 'put', delayMs: 1_500 });
        await exitAgainst('API slow (1.5 s)', emulator);
        expectOneTerminal(emulator, FINISHED);
    });

    it('the first terminal attempt answered 500: retried and delivered', async () => {
        emulator = await PlatformEmulator.start();
        emulator.fault({ match: 'terminal', status: 500, times: 1 });
        await exitAgainst('first terminal attempt 500', emulator);
        expectOneTerminal(emulator, FINISHED);
        expect(emulator.timeline.filter((entry) => entry.isStatusMessageTerminal).map((entry) => entry.status)).toEqual(
            [500, 200],
        );
    });

    it('a 429 storm (5 terminal attempts refused): delivered within the deadline', async () => {
        emulator = await PlatformEmulator.start();
        emulator.fault({ match: 'terminal', status: 429, times: 5 });
        await exitAgainst('429 storm (5 attempts)', emulator);
        expectOneTerminal(emulator, FINISHED);
    });

    it('a hung API: given up at the deadline, the exit code kept', async () => {
        emulator = await PlatformEmulator.start();
        const emu = emulator;
        // Set up front: it matches only the terminal message, which comes after the progress one.
        emu.fault({ match: 'terminal', hang: true });
        const result = await exitAgainst('hung API', emu);
        // Every terminal attempt hung; the process waited for them, said it gave up, and ended with its code.
        const attempts = emu.timeline.filter((entry) => entry.isStatusMessageTerminal);
        expect(attempts.length, emu.formatTimeline({ all: true })).toBeGreaterThan(0);
        expect(attempts.map((entry) => entry.fault)).toEqual(attempts.map(() => 'hang'));
        expect(`${result.stdout}${result.stderr}`).toMatch(
            /Could not post the final status message to Apify API after \d+ attempts: .*; giving up\./,
        );
        expect(emu.run.isStatusMessageTerminal).toBe(false);
        expect(emu.timeline.filter((entry) => entry.afterTerminal)).toEqual([]);
    });

    it('a hung API with the progress record on the platform: the record gets no time past the deadline', async () => {
        emulator = await PlatformEmulator.start();
        const emu = emulator;
        const storeId = emu.defaultRun.env().ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '';
        // Every PUT from the terminal message on hangs: the run's own writes land, the exit's do not. Set
        // up front, not once the child says it is ready: by then a loaded machine may have let the
        // terminal message and the final record through (then written after it, as they should be).
        let exiting = false;
        emu.fault({
            hang: true,
            match: (request) => {
                if (request.method !== 'PUT') return false;
                exiting ||=
                    (request.body as { isStatusMessageTerminal?: unknown } | null)?.isStatusMessageTerminal === true;
                return exiting;
            },
        });
        await exitAgainst('hung API, record on the platform', emu, { ACTOR_DEFAULT_KEY_VALUE_STORE_ID: storeId });
        // terminalDeadlineSecs bounds the whole end: once the terminal message has used it up, the
        // final record is not tried (it used to get 2 s more, on top of the deadline).
        const firstTerminal = emu.timeline.find((entry) => entry.isStatusMessageTerminal);
        expect(firstTerminal).toBeDefined();
        const recordPuts = emu.timeline.filter(
            (entry) => entry.method === 'PUT' && entry.path.endsWith('/records/PROGRESS'),
        );
        expect(recordPuts.length).toBeGreaterThan(0); // written during the run
        expect(recordPuts.filter((entry) => entry.receivedAt > (firstTerminal?.receivedAt ?? 0))).toEqual([]);
    });

    it('connections refused for 2 s around the exit: retried on a fresh connection and delivered', async () => {
        emulator = await PlatformEmulator.start();
        const emu = emulator;
        await exitAgainst('connections refused for 2 s', emu, { IDLE_MS: '300' }, async () => {
            await emu.refuseConnections(true);
            setTimeout(() => void emu.refuseConnections(false), 2_000);
        });
        expectOneTerminal(emulator, FINISHED);
    });

    it('an API that is gone for good: given up at the deadline, said so in the log, the exit code kept', async () => {
        emulator = await PlatformEmulator.start();
        const emu = emulator;
        // The child waits a moment after its progress message, so the refusal is in place before it exits.
        const result = await exitAgainst('API gone (refused)', emu, { IDLE_MS: '500' }, () =>
            emu.refuseConnections(true),
        );
        expect(emu.run.isStatusMessageTerminal).toBe(false);
        // The log's last word on the final message is that it was given up, not "retrying".
        const log = `${result.stdout}${result.stderr}`;
        expect(log).toMatch(/Could not post the final status message to Apify API after \d+ attempts: .*; giving up\./);
    });

    it('idle longer than the keep-alive timeout before the exit: delivered on a new socket', async () => {
        emulator = await PlatformEmulator.start({ keepAliveTimeoutMs: 300 });
        await exitAgainst('idle > keep-alive (300 ms)', emulator, { IDLE_MS: '1200' });
        expectOneTerminal(emulator, FINISHED);
    });

    it('keep-alive off (every request on a new connection): delivered', async () => {
        emulator = await PlatformEmulator.start({ keepAlive: false });
        await exitAgainst('keep-alive off', emulator, { IDLE_MS: '500' });
        expectOneTerminal(emulator, FINISHED);
    });
});
