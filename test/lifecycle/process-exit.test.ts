/**
 * `process.exit()` called directly, in a real child process: nothing asynchronous runs after it, so
 * the reporter's exit hook sends the terminal message synchronously (a worker thread makes the PUT
 * while the exiting thread waits), worded from the exit code. No browser needed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../../src/testing/index.js';
import { recordTiming, startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal, expectOneTerminalMessage } from '../helpers/terminal.js';

let emulator: PlatformEmulator;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

async function exitWith(label: string, args: string[], env: Record<string, string> = {}) {
    const result = await startFixture(emulator, 'process-exit', args, env).exited;
    recordTiming(label, result);
    return result;
}

describe('process.exit() called directly mid-run', () => {
    it('code 0: Finished with the counts, delivered by the exit hook', async () => {
        const result = await exitWith('process.exit(0)', ['0']);
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 2 of 10 pages done · in \d+ s$/);
    });

    it('another code: Failed naming it, the code kept', async () => {
        const result = await exitWith('process.exit(3)', ['3']);
        expect(result.code).toBe(3);
        expectOneTerminal(emulator, /^Failed: 2 of 10 pages done · exit code 3$/);
    });

    for (const [code, signal] of [
        [130, 'SIGINT'],
        [143, 'SIGTERM'],
    ] as const) {
        it(`${code} (what a library exits with on ${signal}): Aborted, interrupted by ${signal}`, async () => {
            const result = await exitWith(`process.exit(${code})`, [String(code)]);
            expect(result.code).toBe(code);
            expectOneTerminal(emulator, new RegExp(`^Aborted: 2 of 10 pages done · interrupted by ${signal}$`));
        });
    }

    it('after the terminal message landed: the hook adds no request at all', async () => {
        const result = await exitWith('process.exit(0) after finish()', ['0', 'finished']);
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 2 of 10 pages done · in \d+ s$/);
        expect(emulator.timeline.filter((entry) => entry.method === 'PUT')).toHaveLength(2);
    });

    it('while the terminal message is on its way: the same message is sent again, never another one', async () => {
        // The first terminal PUT reaches the server but its answer comes after the process is gone.
        emulator.fault({ match: 'terminal', delayMs: 1_500, times: 1 });
        const result = await exitWith('process.exit(0), terminal in flight', ['0', 'finish-unawaited']);
        expect(result.code).toBe(0);
        // The delayed copy is applied by the server whether or not its client is still there.
        await emulator.waitFor((entries) => entries.filter((entry) => entry.isStatusMessageTerminal).length === 2);
        expectOneTerminalMessage(emulator, /^Finished: 2 of 10 pages done · in \d+ s$/);
    });

    it('a local run (no platform): the terminal line is written to the log before the process ends', async () => {
        const result = await exitWith('process.exit(0), local', ['0'], {
            ACTOR_RUN_ID: '',
            APIFY_ACTOR_RUN_ID: '',
            APIFY_TOKEN: '',
            APIFY_LOG_LEVEL: 'INFO',
        });
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/\[Status message, terminal\]: Finished: 2 of 10 pages done · in \d+ s/);
        expect(emulator.timeline).toEqual([]);
    });
});
