/**
 * A crawl cut short while links are still being found, in a real child process: `Actor.exit()` or
 * `process.exit(0)` inside a request handler, `crawler.stop()`. The run finished by its own choice,
 * not by running out of work: its terminal message and its progress record keep the total as the
 * estimate it was ("7 of at least 19"), never "7 of 7". And a crawl stopped by SIGTERM: its message
 * counts what the crawl really did, while the API keeps the message waiting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { freshStorageDir, recordTiming, startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal } from '../helpers/terminal.js';

let emulator: PlatformEmulator;
let site: Site;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
    site = await startSite({ pages: 60, slowFraction: 0, failingFraction: 0, missingLinks: 0 });
});
afterEach(async () => {
    await emulator.close();
    await site.close();
});

describe('a crawl cut short while links are still being found', () => {
    for (const how of ['actor-exit', 'process-exit', 'stop'] as const) {
        it(`${how === 'stop' ? 'crawler.stop()' : how === 'actor-exit' ? 'Actor.exit()' : 'process.exit(0)'} in a request handler: "Finished: N of at least M", in the message and the record`, async () => {
            const storeId = emulator.defaultRun.env().ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '';
            const result = await startFixture(emulator, 'crawl-cut-short', [site.startUrl, how, '7'], {
                ACTOR_DEFAULT_KEY_VALUE_STORE_ID: storeId,
            }).exited;
            expect(result.code).toBe(0);
            const context = emulator.formatTimeline({ all: true });
            expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
            const [, done, total] =
                /^Finished: (\d+) of at least (\d+) pages done · \d+ items · in \d+ s$/.exec(
                    emulator.run.statusMessage ?? '',
                ) ?? [];
            expect(done, context).toBeDefined();
            // Every page links to more than one other: far more was found than handled.
            expect(Number(total), context).toBeGreaterThan(Number(done));
            const record = emulator.keyValueStore(storeId)?.getRecord('PROGRESS')?.value as Record<string, unknown>;
            expect(record, context).toMatchObject({
                status: 'finished',
                done: Number(done),
                total: Number(total),
                totalIsEstimate: true,
                message: emulator.run.statusMessage,
            });
        });
    }
});

describe('SIGTERM while the terminal message hangs', () => {
    it('the crawl stops first: the dataset ends no larger than "Aborted: N" says', async () => {
        const storage = freshStorageDir();
        // The API holds every terminal PUT: the reporter retries it until its deadline (3 s here).
        emulator.fault({ match: 'terminal', hang: true });
        const actor = startFixture(emulator, 'crawl-cut-short', [site.startUrl, 'wait', '10'], {
            CRAWLEE_STORAGE_DIR: storage,
            PROGRESS_DEADLINE_SECS: '3',
        });
        await actor.ready;
        actor.child.kill('SIGTERM');
        const result = await actor.exited;
        expect(result.signal).toBe('SIGTERM');
        const context = emulator.formatTimeline({ all: true });
        const terminal = emulator.timeline.find((entry) => entry.isStatusMessageTerminal)?.statusMessage ?? '';
        const [, done, items] =
            /^Aborted: (\d+) of at least \d+ pages done · (\d+) items · received SIGTERM$/.exec(terminal) ?? [];
        expect(done, context).toBeDefined();
        // Each page handled saves one item; nothing was crawled after the message was worded.
        const saved = readdirSync(join(storage, 'datasets', 'default')).length;
        expect(saved, context).toBe(Number(items));
        expect(Number(done), context).toBe(saved);
    });
});

/** Starts the slow crawl (requests of 3 s, 4 at a time) and sends SIGTERM while the next 4 are under way. */
async function stopSlowCrawl(label: string, storage: string) {
    const actor = startFixture(emulator, 'slow-crawl', [], { CRAWLEE_STORAGE_DIR: storage, HANDLER_MS: '3000' });
    await actor.ready;
    await new Promise((resolve) => setTimeout(resolve, 500));
    actor.trigger();
    actor.child.kill('SIGTERM');
    const result = await actor.exited;
    recordTiming(label, result);
    return result;
}

const savedItems = (storage: string) =>
    readdirSync(join(storage, 'datasets', 'default')).filter((file) => /^\d+\.json$/.test(file)).length;

describe('SIGTERM while slow requests are under way', () => {
    it('the requests under way finish first: "Aborted" counts them, one terminal message', async () => {
        const storage = freshStorageDir();
        const result = await stopSlowCrawl('SIGTERM, 3 s requests under way', storage);
        expect(result.signal).toBe('SIGTERM');
        const saved = savedItems(storage);
        // The 4 under way at the signal finished (the crawl started nothing after it) and saved their items.
        expect(saved).toBeGreaterThan(4);
        expectOneTerminal(
            emulator,
            new RegExp(`^Aborted: ${saved} of at least 40 pages done · ${saved} items · received SIGTERM$`),
        );
    });

    it('with the terminal message hanging: the message counts them, and the record gets its final write', async () => {
        const storage = freshStorageDir();
        emulator.fault({ match: 'terminal', hang: true });
        const result = await stopSlowCrawl('SIGTERM, 3 s requests under way, terminal hung', storage);
        expect(result.signal).toBe('SIGTERM');
        const context = `${emulator.formatTimeline({ all: true })}\n${result.stderr.slice(-2000)}`;
        const saved = savedItems(storage);
        expect(saved, context).toBeGreaterThan(4);
        // Each terminal attempt is worded from the counts of its moment: the last ones count them all.
        // Before: "Aborted: 4 of at least 40 pages done · 4 items" for a dataset of 8.
        const attempts = emulator.timeline.filter((entry) => entry.isStatusMessageTerminal);
        expect(attempts.length, context).toBeGreaterThan(0);
        expect(attempts.at(-1)?.statusMessage, context).toBe(
            `Aborted: ${saved} of at least 40 pages done · ${saved} items · received SIGTERM`,
        );
        // Before: the record stayed {"status":"running","done":0}: the terminal message had used up the
        // whole deadline, and the local record got nothing of it.
        const record = JSON.parse(readFileSync(join(storage, 'key_value_stores', 'default', 'PROGRESS.json'), 'utf8'));
        expect(record, context).toMatchObject({ status: 'aborted', done: saved, items: saved });
        // Its `message` is what the Console shows: the last progress message, since no terminal one landed.
        expect(record.terminal, context).toBe(false);
    });
});
