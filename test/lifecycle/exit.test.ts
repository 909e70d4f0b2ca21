/**
 * Every way a run ends by itself, each in a real child process against the platform emulator:
 * the run's last message, its terminal flag, the exit code, nothing after the terminal message.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordTiming, startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal } from '../helpers/terminal.js';

let emulator: PlatformEmulator;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

async function run(label: string, fixture: string, args: string[] = [], env: Record<string, string> = {}) {
    const result = await startFixture(emulator, fixture, args, env).exited;
    recordTiming(label, result);
    return result;
}

describe('a run that ends by itself', () => {
    it('beforeExit (no Actor.exit): Finished with the counts, code 0', async () => {
        const result = await run('beforeExit', 'before-exit');
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 3 of 3 pages done · in \d+ s$/);
    });

    it('beforeExit with process.exitCode = 3: Failed naming the code, code 3 kept', async () => {
        const result = await run('beforeExit, exitCode 3', 'before-exit', ['exit-code']);
        expect(result.code).toBe(3);
        expectOneTerminal(emulator, /^Failed: 3 of 3 pages done · exit code 3$/);
    });

    it('beforeExit while a message waits for its slot: the run ends at once, without that message', async () => {
        // A 30 s interval: waiting for the slot would hold the process 30 s, then send a message the
        // terminal one replaces, and count the wait in its "in N s".
        await run('beforeExit, a message waiting', 'before-exit', ['message-waiting'], {
            PROGRESS_INTERVAL_SECS: '30',
        });
        expectOneTerminal(emulator, /^Finished: 3 of 3 pages done · in \d+ s$/);
        expect(emulator.statusMessages().map((message) => message.message)).toEqual([
            '1 of 3 pages done (33%)',
            expect.stringMatching(/^Finished: 3 of 3 pages done/),
        ]);
    });

    it('Actor.exit() without a message: Finished with the counts, code 0', async () => {
        const result = await run('Actor.exit()', 'actor-exit', ['exit']);
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 4 of 10 pages done · 1 failed · in \d+ s$/);
    });

    it("Actor.exit(message): the user's message, sent once (the SDK's own PUT is taken over)", async () => {
        const result = await run('Actor.exit(msg)', 'actor-exit', ['exit', 'Scraped 4 pages, the rest were gone']);
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Scraped 4 pages, the rest were gone$/);
        const puts = emulator.timeline.filter((entry) => entry.statusMessage === 'Scraped 4 pages, the rest were gone');
        expect(puts).toHaveLength(1);
    });

    it("finish() first, then Actor.exit(message) on the platform: the SDK sends nothing after the reporter's terminal message", async () => {
        // APIFY_IS_AT_HOME: the SDK's own Actor.exit(message) sends its PUT for real.
        const result = await run('finish() then Actor.exit(msg), platform', 'actor-exit', ['exit', 'Scraped 4 pages'], {
            ...emulator.defaultRun.env(),
            FINISH_FIRST: '1',
            APIFY_LOG_LEVEL: 'INFO',
        });
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 4 of 10 pages done · 1 failed · in \d+ s$/);
        expect(emulator.timeline.filter((entry) => entry.statusMessage === 'Scraped 4 pages')).toEqual([]);
        // The message still shows in the log, as the SDK would have printed it.
        expect(result.stdout).toContain('[Status message]: Scraped 4 pages');
    });

    it('Actor.fail() without a message: Failed naming the code, code 1', async () => {
        const result = await run('Actor.fail()', 'actor-exit', ['fail']);
        expect(result.code).toBe(1);
        expectOneTerminal(emulator, /^Failed: 4 of 10 pages done · 1 failed · exit code 1$/);
    });

    it("Actor.fail(message): the user's message, code 1", async () => {
        const result = await run('Actor.fail(msg)', 'actor-exit', ['fail', 'Login rejected']);
        expect(result.code).toBe(1);
        expectOneTerminal(emulator, /^Login rejected$/);
    });

    it('Actor.main() whose function throws: Failed with the error, code 91', async () => {
        const result = await run('Actor.main throws', 'actor-main-throw');
        expect(result.code).toBe(91);
        expectOneTerminal(emulator, /^Failed: 2 of 10 pages done · Error: Input is missing startUrls$/);
    });

    it('an uncaught exception: Failed with the error, printed, code 1', async () => {
        const result = await run('uncaught exception', 'crash', ['throw']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('TypeError: Cannot read properties of undefined');
        expectOneTerminal(emulator, /^Failed: 3 of 10 pages done · TypeError: Cannot read properties of undefined$/);
    });

    it('an uncaught exception with two reporters in the process: still Failed, printed once, code 1', async () => {
        const result = await startFixture(emulator, 'crash', ['throw'], { SECOND_REPORTER: '1' }).exited;
        expect(result.code).toBe(1);
        expect(result.stderr.split('TypeError: Cannot read properties of undefined')).toHaveLength(2);
        expectOneTerminal(emulator, /^Failed: 3 of 10 pages done · TypeError: Cannot read properties of undefined$/);
    });

    it('an unhandled rejection: Failed with the error, printed, code 1', async () => {
        const result = await run('unhandled rejection', 'crash', ['reject']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('database connection lost');
        expectOneTerminal(emulator, /^Failed: 3 of 10 pages done · Error: database connection lost$/);
    });

    for (const how of ['throw', 'reject'] as const) {
        it(`a crash after finish() (${how}): the run ends on Failed with the error, not on Finished, code 1`, async () => {
            const result = await run(`${how} after finish()`, 'crash', [how], { FINISH_FIRST: '1' });
            expect(result.code).toBe(1);
            // "Finished" landed first; the exit replaced it: the Console's last word is how the process ended.
            const context = emulator.formatTimeline({ all: true });
            expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
            expect(emulator.run.statusMessage, context).toMatch(
                how === 'throw'
                    ? /^Failed: 3 of 10 pages done · TypeError: Cannot read properties of undefined$/
                    : /^Failed: 3 of 10 pages done · Error: database connection lost$/,
            );
            expect(emulator.statusMessages().at(-1)?.message, context).toBe(emulator.run.statusMessage);
        });
    }

    it('Actor.fail() after finish(): Failed, not Finished, code 1', async () => {
        const result = await run('Actor.fail() after finish()', 'actor-exit', ['fail'], { FINISH_FIRST: '1' });
        expect(result.code).toBe(1);
        const context = emulator.formatTimeline({ all: true });
        expect(emulator.run.statusMessage, context).toMatch(/^Failed: 4 of 10 pages done · 1 failed · exit code 1$/);
        expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
    });

    it("Actor.fail(message) after finish(): the user's message replaces Finished, code 1", async () => {
        const result = await run(
            'Actor.fail(msg) after finish()',
            'actor-exit',
            ['fail', 'Export to Google Sheets failed'],
            {
                FINISH_FIRST: '1',
            },
        );
        expect(result.code).toBe(1);
        const context = emulator.formatTimeline({ all: true });
        // Before: "Failed: 4 of 10 pages done · 1 failed · exit code 1", the user's words dropped.
        expect(emulator.run.statusMessage, context).toBe('Export to Google Sheets failed');
        expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
        // "Finished" landed first; the failing exit replaced it with the user's own words.
        expect(
            emulator
                .statusMessages()
                .map((message) => message.message)
                .slice(-2),
            context,
        ).toEqual([
            expect.stringMatching(/^Finished: 4 of 10 pages done · 1 failed · in \d+ s$/),
            'Export to Google Sheets failed',
        ]);
    });

    it("Actor.exit(message, { exitCode: 3 }) after finish(): the user's message replaces Finished, code 3", async () => {
        const result = await run('Actor.exit(msg, code 3) after finish()', 'actor-exit', ['exit', 'Export failed'], {
            FINISH_FIRST: '1',
            EXIT_CODE: '3',
        });
        expect(result.code).toBe(3);
        const context = emulator.formatTimeline({ all: true });
        expect(emulator.run.statusMessage, context).toBe('Export failed');
        expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
    });

    it('Actor.exit() after finish(): nothing more is sent, the exit adds no request', async () => {
        const result = await run('Actor.exit() after finish()', 'actor-exit', ['exit'], { FINISH_FIRST: '1' });
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 4 of 10 pages done · 1 failed · in \d+ s$/);
    });

    it('withProgress, returning: Finished summing the steps up, code 0', async () => {
        const result = await run('withProgress returns', 'with-progress');
        expect(result.code).toBe(0);
        expectOneTerminal(
            emulator,
            /^Finished 2 steps: Listing 2 of 2 categories · Scraping 4 of 5 pages · 1 failed · in \d+ s$/,
        );
    });

    it('withProgress, throwing: Failed at the step with the error, code 91', async () => {
        const result = await run('withProgress throws', 'with-progress', ['throw']);
        expect(result.code).toBe(91);
        expectOneTerminal(
            emulator,
            /^Failed at step 2 of 2: Listing 2 of 2 categories · Scraping 3 of 5 pages · 1 failed · Error: Blocked by the site$/,
        );
    });
});
