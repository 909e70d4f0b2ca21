/**
 * Runs ended from outside, each in a real child process: platform events over the emulator's
 * websocket, real signals, the time limit, and a migration followed by a second start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { freshStorageDir, recordTiming, startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal } from '../helpers/terminal.js';

let emulator: PlatformEmulator;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

describe('a run ended from outside', () => {
    it('the platform aborting event: Aborted at once, then the SDK exits with code 0', async () => {
        const actor = startFixture(emulator, 'waiting-actor', ['4']);
        await actor.ready;
        await emulator.waitFor(() => emulator.eventClients() > 0);
        actor.trigger();
        emulator.sendEvent('aborting', {});
        const result = await actor.exited;
        recordTiming('aborting event', result);
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Aborted: 4 of 10 pages done$/);
    });

    // SIGHUP: the terminal or SSH session that ran the Actor closed.
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
        it(`${signal}: Aborted naming the signal, then the process dies of the signal`, async () => {
            const actor = startFixture(emulator, 'waiting-actor', ['4']);
            await actor.ready;
            actor.trigger();
            actor.child.kill(signal);
            const result = await actor.exited;
            recordTiming(signal, result);
            expect(result.signal).toBe(signal);
            expectOneTerminal(emulator, new RegExp(`^Aborted: 4 of 10 pages done · received ${signal}$`));
        });
    }

    it('SIGTERM with two reporters in the process: neither stands aside, the process still dies of it', async () => {
        const actor = startFixture(emulator, 'waiting-actor', ['4'], { SECOND_REPORTER: '1' });
        await actor.ready;
        actor.trigger();
        actor.child.kill('SIGTERM');
        const result = await actor.exited;
        expect(result.signal).toBe('SIGTERM');
        expectOneTerminal(emulator, /^Aborted: 4 of 10 pages done · received SIGTERM$/);
    });

    it("SIGTERM with the Actor's own handler: the handler decides, its exit message wins", async () => {
        const actor = startFixture(emulator, 'waiting-actor', ['4', 'own-sigterm']);
        await actor.ready;
        actor.trigger();
        actor.child.kill('SIGTERM');
        const result = await actor.exited;
        recordTiming('SIGTERM, own handler', result);
        expect(result.stdout).toContain('OWN HANDLER');
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Stopped by my own SIGTERM handler$/);
    });

    it("SIGINT with the Actor's own handler installed before the reporter, exiting at once: Aborted, not Finished", async () => {
        const actor = startFixture(emulator, 'waiting-actor', ['4', 'own-sigint-first']);
        await actor.ready;
        actor.trigger();
        actor.child.kill('SIGINT');
        const result = await actor.exited;
        recordTiming('SIGINT, own handler first, process.exit()', result);
        expect(result.stdout).toContain('OWN HANDLER');
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Aborted: 4 of 10 pages done · interrupted by SIGINT$/);
    });

    it("SIGTERM that the Actor's own handler lets go on to the end: Finished, since the run completed", async () => {
        const actor = startFixture(emulator, 'waiting-actor', ['4', 'own-sigterm-goes-on']);
        await actor.ready;
        actor.trigger();
        actor.child.kill('SIGTERM');
        const result = await actor.exited;
        expect(result.stdout).toContain('OWN HANDLER: going on');
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 10 of 10 pages done · in \d+ s$/);
    });

    it('a second SIGTERM while the terminal message hangs: the process ends at once, nothing more is tried', async () => {
        const actor = startFixture(emulator, 'waiting-actor', ['4']);
        await actor.ready;
        emulator.fault({ match: 'terminal', hang: true });
        actor.child.kill('SIGTERM');
        await emulator.waitFor((entries) => entries.some((entry) => entry.isStatusMessageTerminal));
        actor.trigger();
        actor.child.kill('SIGTERM');
        const result = await actor.exited;
        recordTiming('second SIGTERM while the terminal message hangs', result);
        expect(result.signal).toBe('SIGTERM');
        // Without it, the terminal message is retried until the 8 s deadline; the exit hook would try once more.
        const attempts = emulator.timeline.filter((entry) => entry.isStatusMessageTerminal);
        expect(attempts).toHaveLength(1);
    });

    it('ACTOR_TIMEOUT_AT: "Time limit reached" lands before the kill', async () => {
        // Deadline 2 s + margin 2 s: the message is due 4 s before the limit, ~6 s after the start,
        // which leaves a loaded machine time to start the fixture and count first.
        const timeoutAt = Date.now() + 10_000;
        const actor = startFixture(emulator, 'waiting-actor', ['4'], {
            ACTOR_TIMEOUT_AT: new Date(timeoutAt).toISOString(),
            PROGRESS_DEADLINE_SECS: '2',
        });
        await actor.ready;
        await emulator.waitFor((entries) => entries.some((entry) => entry.isStatusMessageTerminal), 15_000);
        const landedAt = Date.now();
        actor.child.kill('SIGKILL'); // what the platform does at the limit
        await actor.exited;
        expect(landedAt).toBeLessThan(timeoutAt);
        expectOneTerminal(emulator, /^Time limit reached: 4 of 10 pages done$/);
    });

    for (const how of ['Actor.exit()', 'process.exit(0)'] as const) {
        it(`a run that completes after "Time limit reached" went out, before the limit (${how}): its real ending wins, the record too`, async () => {
            const storeId = emulator.defaultRun.env().ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '';
            // The limit 5 s after the fixture's start; the message is due 2 s before it (a fast API), and
            // the fixture completes as soon as it has landed.
            const actor = startFixture(
                emulator,
                'waiting-actor',
                ['4', 'finish-after-time-limit', ...(how === 'process.exit(0)' ? ['process-exit'] : [])],
                { TIMEOUT_IN_MS: '5000', ACTOR_DEFAULT_KEY_VALUE_STORE_ID: storeId },
            );
            const result = await actor.exited;
            expect(result.code).toBe(0);
            const context = emulator.formatTimeline({ all: true });
            expect(emulator.statusMessages()[0]?.message, context).not.toMatch(/^Time limit/);
            expect(
                emulator.statusMessages().some((message) => message.message.startsWith('Time limit')),
                context,
            ).toBe(true);
            expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
            expect(emulator.run.statusMessage, context).toMatch(/^Finished: 10 of 10 pages done · in \d+ s$/);
            expect(emulator.statusMessages().at(-1)?.message, context).toBe(emulator.run.statusMessage);
            const record = emulator.keyValueStore(storeId)?.getRecord('PROGRESS')?.value as Record<string, unknown>;
            expect(record, context).toMatchObject({ status: 'finished', done: 10, total: 10, terminal: true });
            expect(record.message).toBe(emulator.run.statusMessage);
        });
    }

    it('a run that finishes well before ACTOR_TIMEOUT_AT, inside the old lead: its true terminal message', async () => {
        // 8 s away: inside the 10 s (deadline + margin) before the limit, where "Time limit reached"
        // used to go out at once, as the first message. It is due 2 s before the limit now.
        const actor = startFixture(emulator, 'waiting-actor', ['4', 'finish'], {
            ACTOR_TIMEOUT_AT: new Date(Date.now() + 8_000).toISOString(),
        });
        const result = await actor.exited;
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 4 of 10 pages done · in \d+ s$/);
        expect(emulator.statusMessages().some((message) => message.message.startsWith('Time limit'))).toBe(false);
    });

    it('migrating: a non-terminal notice at once, the counts saved; the next start goes on from them', async () => {
        const storage = freshStorageDir();
        const env = { CRAWLEE_STORAGE_DIR: storage, CRAWLEE_PURGE_ON_START: '0' };
        const first = startFixture(emulator, 'waiting-actor', ['4'], env);
        await first.ready;
        await emulator.waitFor(() => emulator.eventClients() > 0);
        emulator.sendEvent('migrating', {});
        await emulator.waitFor((entries) => entries.some((entry) => entry.statusMessage?.startsWith('Migrating')));
        expect(emulator.run.statusMessage).toBe('Migrating to another server, will resume at 4 of 10 pages done');
        expect(emulator.run.isStatusMessageTerminal).toBe(false);
        // The platform stops the container: no terminal message, the run goes on elsewhere.
        first.child.kill('SIGTERM');
        const stopped = await first.exited;
        expect(stopped.signal).toBe('SIGTERM');
        expect(emulator.statusMessages().some((message) => message.terminal)).toBe(false);
        const saved = join(storage, 'key_value_stores', 'default', 'ACTOR_PROGRESS_STATE.json');
        expect(existsSync(saved)).toBe(true);
        expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ done: 4, total: 10 });

        const before = emulator.statusMessages().length;
        const second = startFixture(emulator, 'waiting-actor', ['3', 'finish'], env);
        const result = await second.exited;
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Finished: 7 of 10 pages done · in \d+ s$/);
        // Not one message of the second start went back to counting from zero.
        const resumed = emulator.statusMessages().slice(before);
        expect(resumed.every((message) => /^[4-9] of 10|^Finished: 7/.test(message.message))).toBe(true);
    });

    for (const how of ['Actor.exit(message)', 'process.exit(0)'] as const) {
        it(`an exit of the run's own while migrating (${how}): the notice stays, no terminal message`, async () => {
            const args = ['4', 'exit-when-migrating', ...(how === 'process.exit(0)' ? ['process-exit'] : [])];
            const actor = startFixture(emulator, 'waiting-actor', args);
            await actor.ready;
            await emulator.waitFor(() => emulator.eventClients() > 0);
            emulator.sendEvent('migrating', {});
            const result = await actor.exited;
            expect(result.code).toBe(0);
            // The run resumes elsewhere and ends there: a terminal message now would come before its messages.
            expect(emulator.run.statusMessage).toBe('Migrating to another server, will resume at 4 of 10 pages done');
            expect(emulator.statusMessages().some((message) => message.terminal)).toBe(false);
            expect(emulator.timeline.filter((entry) => entry.statusMessage === 'All done')).toEqual([]);
        });
    }

    it('persistState: the counts are saved on the event', async () => {
        const storage = freshStorageDir();
        const actor = startFixture(emulator, 'waiting-actor', ['5'], { CRAWLEE_STORAGE_DIR: storage });
        await actor.ready;
        await emulator.waitFor(() => emulator.eventClients() > 0);
        emulator.sendEvent('persistState', { isMigrating: false });
        const saved = join(storage, 'key_value_stores', 'default', 'ACTOR_PROGRESS_STATE.json');
        const deadline = Date.now() + 10_000;
        while (!existsSync(saved) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ version: 1, done: 5, total: 10 });
        actor.child.kill('SIGTERM');
        await actor.exited;
    });
});

describe('Ctrl+C with a crawler attached', () => {
    let site: Site;
    beforeEach(async () => {
        site = await startSite({ pages: 60, slowFraction: 0.3, slowDelayMs: 80, failingFraction: 0, missingLinks: 0 });
    });
    afterEach(async () => {
        await site.close();
    });

    it('Crawlee pauses, run() returns, Actor.exit(): Aborted, the total kept as it was (not "N of N")', async () => {
        // A CheerioCrawler attached to the reporter, Actor.exit() once run() returns; READY after 5 pages.
        const actor = startFixture(emulator, 'crawler-migration', [site.startUrl, '0', '5']);
        await actor.ready;
        actor.trigger();
        actor.child.kill('SIGINT');
        const result = await actor.exited;
        expect(result.code).toBe(0);
        expectOneTerminal(emulator, /^Aborted: \d+ of at least \d+ pages done · interrupted by SIGINT$/);
        const [, done, total] = /^Aborted: (\d+) of at least (\d+)/.exec(emulator.run.statusMessage ?? '') ?? [];
        expect(Number(total)).toBeGreaterThan(Number(done));
    });
});
