/**
 * Migrations end to end, each start a real child process against the emulator: the migrating event
 * over the websocket, the platform's SIGTERM, then a second start on the same storage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { freshStorageDir, startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal } from '../helpers/terminal.js';

let emulator: PlatformEmulator;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

/** Storage kept between the two starts, as the platform keeps the run's default stores. */
function sharedStorage() {
    const dir = freshStorageDir();
    return {
        env: { CRAWLEE_STORAGE_DIR: dir, CRAWLEE_PURGE_ON_START: '0' },
        saved: () =>
            JSON.parse(readFileSync(join(dir, 'key_value_stores', 'default', 'ACTOR_PROGRESS_STATE.json'), 'utf8')) as {
                done: number;
            },
    };
}

/** Sends `migrating`, waits for the notice, then stops the container as the platform does. */
async function migrate(actor: ReturnType<typeof startFixture>, beforeStopMs = 0): Promise<void> {
    await emulator.waitFor(() => emulator.eventClients() > 0);
    emulator.sendEvent('migrating', {});
    await emulator.waitFor((entries) => entries.some((entry) => entry.statusMessage?.startsWith('Migrating')));
    if (beforeStopMs > 0) await new Promise((resolve) => setTimeout(resolve, beforeStopMs));
    actor.child.kill('SIGTERM');
    expect((await actor.exited).signal).toBe('SIGTERM');
}

/** The first number in a message: the units done it reports. */
const doneIn = (message: string) => Number(/(\d[\d,]*)/.exec(message)?.[1]?.replaceAll(',', ''));

describe('a run that keeps its own checkpoint', () => {
    it('is not counted twice: setCounts after the restart is absolute, the restored counts are not added', async () => {
        const storage = sharedStorage();
        const first = startFixture(emulator, 'own-checkpoint', ['24'], storage.env);
        await first.ready;
        await migrate(first);
        expect(storage.saved().done).toBe(24);

        const second = await startFixture(emulator, 'own-checkpoint', ['100'], storage.env).exited;
        expect(second.code).toBe(0);
        // Before: "Finished: 124 of 124 products done" for a 100-product job.
        expectOneTerminal(emulator, /^Finished: 100 of 100 products done · in \d+ s$/);
        const counted = emulator.statusMessages().map((record) => doneIn(record.message));
        expect(Math.max(...counted)).toBe(100);
    });
});

describe('the migration notice', () => {
    it('names what was saved, and keeps naming it while work goes on until the stop', async () => {
        const storage = sharedStorage();
        const actor = startFixture(emulator, 'steady-actor', [], storage.env);
        await actor.ready;
        await new Promise((resolve) => setTimeout(resolve, 500));
        // ~2.5 s of work after the notice: a unit every 20 ms, a progress call about every second.
        await migrate(actor, 2_500);
        const saved = storage.saved().done;
        const notices = emulator.statusMessages().filter((record) => record.message.startsWith('Migrating'));
        expect(notices.length).toBeGreaterThan(0);
        // Before: the notice went on counting ("will resume at 170", "at 220") past what was saved.
        for (const notice of notices) {
            expect(notice.message).toBe(`Migrating to another server, will resume at ${saved} of 100,000 pages done`);
        }
        expect(emulator.run.statusMessage).toBe(notices.at(-1)?.message);
    });
});

describe('calls made before the saved counts are read back', () => {
    /** The counts a first start saved under the default key: step "Scraping", 24 of 100 pages done. */
    function savedCounts(): Record<string, string> {
        const storage = sharedStorage();
        const first = new ProgressReporter({ transport: new RecordingTransport(), handleExit: false, unit: 'pages' });
        first.phase('Scraping', { total: 100 });
        first.advance(24);
        const folder = join(storage.env.CRAWLEE_STORAGE_DIR, 'key_value_stores', 'default');
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'ACTOR_PROGRESS_STATE.json'), JSON.stringify(first.exportState()));
        return storage.env;
    }

    it.each(['touch', 'setTotal', 'phase'])(
        '%s() at once: the first message already holds the restored counts',
        async (call) => {
            const result = await startFixture(emulator, 'restore-early-calls', [call], savedCounts()).exited;
            expect(result.code, result.stderr).toBe(0);
            const messages = emulator.statusMessages().map((record) => record.message);
            // Before: the first message read "0 of 100 pages done (0%)" (or "0 pages done"), then 24.
            expect(messages[0], emulator.formatTimeline({ all: true })).toMatch(/\b24 of 100 pages done/);
            for (const message of messages) expect(message).toMatch(/\b2[45] of 100 pages\b/);
            expectOneTerminal(emulator, /^Finished 1 step: Scraping 25 of 100 pages · in \d+ s$/);
        },
    );
});

describe('an attached crawler after a migration', () => {
    let site: Site;
    beforeEach(async () => {
        site = await startSite({ pages: 60, slowFraction: 0.3, slowDelayMs: 80, failingFraction: 0, missingLinks: 0 });
    });
    afterEach(async () => {
        await site.close();
    });

    it('shows the restored counts from the first message of the next start, through its set-up, to the end', async () => {
        const storage = sharedStorage();
        const first = startFixture(emulator, 'crawler-migration', [site.startUrl, '0', '15'], storage.env);
        await first.ready;
        await migrate(first);
        const saved = storage.saved().done;
        expect(saved).toBeGreaterThanOrEqual(10);
        const notice = emulator.statusMessages().find((record) => record.message.startsWith('Migrating'));
        expect(notice?.message).toMatch(new RegExp(`^Migrating to another server, will resume at ${saved} of `));

        const before = emulator.statusMessages().length;
        // Two seconds of set-up before run(): before, the Console read "0 pages done" all along.
        const second = await startFixture(emulator, 'crawler-migration', [site.startUrl, '2000', '0'], storage.env)
            .exited;
        expect(second.code).toBe(0);
        const resumed = emulator.statusMessages().slice(before);
        expect(resumed[0]?.message).toMatch(new RegExp(`^${saved} of at least \\d+ pages done$`));
        expectOneTerminal(emulator, /^Finished: (\d+) of \1 pages done · in \d+ s$/);
        for (const record of resumed) expect(doneIn(record.message)).toBeGreaterThanOrEqual(saved);
    });
});

describe('a crawler whose run() is called twice, migrated during the second', () => {
    let site: Site;
    beforeEach(async () => {
        site = await startSite({ pages: 40, slowFraction: 0, failingFraction: 0, missingLinks: 0 });
    });
    afterEach(async () => {
        await site.close();
    });

    /** The pages each finished run() reported it handled ("RUN <n> <pages>" lines). */
    const runTotals = (stdout: string) => [...stdout.matchAll(/^RUN \d+ (\d+)$/gm)].map((match) => Number(match[1]));

    it('never counts backwards, and ends on every page its runs handled', async () => {
        const storage = sharedStorage();
        const first = startFixture(emulator, 'crawler-run-twice', [site.startUrl], storage.env);
        await first.ready;
        await migrate(first);
        const firstRuns = runTotals(await first.output());
        expect(firstRuns).toEqual([10]);
        // The code runs again from the top: run 1 first (Crawlee hands it the statistics it saved at the
        // migration, run 2's), then run 2 from the start (Crawlee empties the default queue on a second run()).
        const second = await startFixture(emulator, 'crawler-run-twice', [site.startUrl], storage.env).exited;
        expect(second.code, second.stderr).toBe(0);
        const secondRuns = runTotals(second.stdout);
        expect(secondRuns).toHaveLength(2);
        const context = emulator.formatTimeline({ all: true });
        // Before: "will resume at 14 of at least 30", then "10 of at least 34" on the next start.
        const counted = emulator.statusMessages().map((record) => doneIn(record.message));
        for (let i = 1; i < counted.length; i++)
            expect(counted[i], context).toBeGreaterThanOrEqual(counted[i - 1] ?? 0);
        // Every page every run() handled, as Crawlee's own statistics count them: the first start's run 1,
        // and the second start's two (its run 1 went on from what the migration saved). Crawlee's figures,
        // not the pages fetched: a page in flight at the stop is crawled again and counted once, and one that
        // ended after Crawlee's save but before the stop is in neither start's statistics.
        // Before: the first start's run 1 was lost ("Finished: 48 of 48" for 58).
        const handled = [...firstRuns, ...secondRuns].reduce((sum, n) => sum + n, 0);
        expectOneTerminal(emulator, new RegExp(`^Finished: ${handled} of ${handled} pages done · in \\d+ s$`));
    });
});
