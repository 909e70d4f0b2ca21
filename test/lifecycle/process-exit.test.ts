/**
 * `process.exit()` called directly, in a real child process: nothing asynchronous runs after it, so
 * the reporter's exit hook sends the terminal message synchronously (a worker thread makes the PUT
 * while the exiting thread waits), worded from the exit code. No browser needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshStorageDir, recordTiming, startFixture } from '../helpers/child-actor.js';
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

    it('after many finished reporters (a reporter per job): one exit hook per run, and only the latest rewrites its Finished', async () => {
        const result = await startFixture(emulator, 'many-finished', ['2'], { JOBS: '15' }).exited;
        expect(result.code).toBe(2);
        // Before: 16 exit listeners and 16 monitors, each holding its reporter for the life of the process.
        expect(result.stdout).toContain('LISTENERS exit=1 monitors=1');
        // The run's own reporter (its own slot) still replaces its Finished: the process failed.
        const context = emulator.formatTimeline({ all: true });
        expect(emulator.run.statusMessage, context).toBe('Failed: 10 of 10 pages done · exit code 2');
        // Before: every job's reporter wrote a Failed line over its long-gone Finished.
        const failedJobs = result.stdout.split('\n').filter((line) => /^JOB \d+ .*terminal\]: Failed/.test(line));
        expect(failedJobs).toEqual(['JOB 15 [Status message, terminal]: Failed: 1 of 1 item done · exit code 2']);
    });

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

    it('while a progress call is on the wire: the terminal message still lands last', async () => {
        // The server applies "3 of 10" 1 s after it arrived, whether or not its client is still there.
        emulator.fault({
            match: (request) => (request.body as { statusMessage?: string }).statusMessage?.startsWith('3 of') === true,
            delayMs: 1_000,
            times: 1,
        });
        // The API transport spaces calls by 1 s at least: the call is on the wire 1 s after the first one.
        const result = await exitWith('process.exit(1), progress in flight', ['1', 'progress-in-flight'], {
            EXIT_AFTER_MS: '1400',
        });
        expect(result.code).toBe(1);
        await emulator.waitFor((entries) => entries.some((entry) => entry.statusMessage?.startsWith('3 of')));
        const context = emulator.formatTimeline({ all: true });
        expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
        expect(emulator.run.statusMessage, context).toMatch(/^Failed: 3 of 10 pages done · exit code 1$/);
        // The late progress message landed after the first copy; the second copy came after it.
        const shown = emulator.statusMessages();
        expect(shown.at(-1)?.terminal, context).toBe(true);
        expect(new Set(shown.filter((message) => message.terminal).map((message) => message.message)).size).toBe(1);
    });

    it('the progress record ends as the run did, on the platform: written by the exit hook too', async () => {
        const storeId = emulator.defaultRun.env().ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '';
        const result = await exitWith('process.exit(0), record on the platform', ['0'], {
            ACTOR_DEFAULT_KEY_VALUE_STORE_ID: storeId,
        });
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 2 of 10 pages done · in \d+ s$/);
        const record = emulator.keyValueStore(storeId)?.getRecord('PROGRESS')?.value as Record<string, unknown>;
        expect(record).toMatchObject({
            status: 'finished',
            done: 2,
            total: 10,
            message: emulator.run.statusMessage,
            terminal: true,
        });
    });

    it('the progress record ends as the run did, locally: its file written by the exit hook', async () => {
        const storage = freshStorageDir();
        const result = await exitWith('process.exit(3), local record', ['3'], {
            ACTOR_RUN_ID: '',
            APIFY_ACTOR_RUN_ID: '',
            APIFY_TOKEN: '',
            CRAWLEE_STORAGE_DIR: storage,
        });
        expect(result.code).toBe(3);
        const file = join(storage, 'key_value_stores', 'default', 'PROGRESS.json');
        const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        expect(record).toMatchObject({
            status: 'failed',
            done: 2,
            reason: 'exit code 3',
            message: 'Failed: 2 of 10 pages done · exit code 3',
            terminal: true,
        });
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

describe('process.exit() with an exit listener that throws', () => {
    it('added before the reporter: the exit hook still runs, the exit code is kept', async () => {
        const result = await exitWith('process.exit(0), a throwing exit listener added first', ['0'], {
            THROWING_EXIT_LISTENER: '1',
        });
        // Node's own outcome when an exit listener throws: the error printed, the code the process was exiting with.
        expect(result.code).toBe(0);
        expect(result.stderr).toContain('ENOENT: no such file or directory');
        expectOneTerminal(emulator, /^Finished: 2 of 10 pages done · in \d+ s$/);
    });

    it('running before the exit hook: the crash handler, reached while exiting, delivers it at once', async () => {
        const result = await exitWith('process.exit(3), a throwing exit listener running first', ['3'], {
            THROWING_EXIT_LISTENER: 'first',
        });
        expect(result.code).toBe(3);
        expect(result.stderr).toContain('ENOENT: no such file or directory');
        expectOneTerminal(emulator, /^Failed: 2 of 10 pages done · exit code 3$/);
    });
});

describe('an exit while a progress call is on the wire and the API applies it late (default options)', () => {
    const cases = [
        ['process.exit(0)', 2_500],
        ['process.exit(0)', 3_500],
        // The SDK's exit waits for the reporter, which waits for the call on the wire: the same rule.
        ['Actor.exit()', 3_500],
    ] as const;
    for (const [how, delayMs] of cases) {
        it(`${how}, the call applied ${delayMs / 1000} s late: the terminal message still lands last`, async () => {
            // The server applies "3 of 10" late, whether or not its client is still there; within the
            // request timeout (5 s by default), so the terminal message must land after it.
            emulator.fault({
                match: (request) =>
                    (request.body as { statusMessage?: string }).statusMessage?.startsWith('3 of') === true,
                delayMs,
                times: 1,
            });
            // The API transport spaces calls by 1 s: "3 of 10" goes out ~1 s after the first; exit 150 ms later.
            const result = await exitWith(`${how}, progress applied ${delayMs} ms late`, ['0', 'progress-in-flight'], {
                EXIT_AFTER_MS: '1150',
                PROGRESS_DEADLINE_SECS: '8',
                PROGRESS_REQUEST_TIMEOUT_SECS: '5',
                ...(how === 'Actor.exit()' ? { ACTOR_EXIT: '1' } : {}),
            });
            expect(result.code).toBe(0);
            await emulator.waitFor((entries) => entries.some((entry) => entry.statusMessage?.startsWith('3 of')));
            const context = emulator.formatTimeline({ all: true });
            expect(emulator.statusMessages().at(-1), context).toMatchObject({ terminal: true });
            expect(emulator.run.statusMessage, context).toMatch(/^Finished: 3 of 10 pages done · in \d+ s$/);
        });
    }
});
