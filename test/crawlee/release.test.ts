/**
 * Ending a reporter releases its crawlers: after finish() / abort() / end() the crawler can be
 * attached to a new reporter. A crawler still running when the reporter ends stays quiet until its
 * run() is over (its own messages would land after the terminal one), and is released then.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { createCrawler, recordingReporter, runAttached } from '../helpers/crawlers.js';

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 30, slowFraction: 0.2, slowDelayMs: 40, failingFraction: 0, missingLinks: 0 });
});

afterAll(async () => {
    await site?.close();
});

describe('ending releases the crawlers', () => {
    it('after finish(), the crawler attaches to a new reporter, which reports its next run', async () => {
        const first = recordingReporter();
        const crawler = createCrawler('cheerio');
        first.reporter.attach(crawler); // the README's way: no detach() kept
        await crawler.run([site.startUrl]);
        await first.reporter.finish();

        const second = recordingReporter();
        expect(() => second.reporter.attach(crawler)).not.toThrow();
        await crawler.run([site.startUrl]);
        await second.reporter.finish();
        expect(second.transport.messages.at(-1)).toMatch(/^Finished: 30 of 30 pages done · in \d+ s$/);
        // The first reporter heard nothing of the second run.
        expect(first.transport.updates.filter((u) => u.isStatusMessageTerminal)).toHaveLength(1);
        expect(first.transport.messages.at(-1)).toMatch(/^Finished: 30 of 30 pages done/);
    });

    for (const how of ['abort', 'end'] as const) {
        it(`after ${how}() mid-crawl, the crawler stays quiet until its run() is over, then is released`, async () => {
            const first = recordingReporter();
            let handled = 0;
            const crawler = createCrawler('cheerio', {
                maxConcurrency: 2,
                onRequest: async () => {
                    handled++;
                    if (handled === 5) {
                        if (how === 'abort') await first.reporter.abort('stopped by hand');
                        else await first.reporter.end({ status: 'failed', reason: 'gave up' });
                    }
                },
            });
            const crawleeSends = vi.spyOn(crawler.config.getStorageClient(), 'setStatusMessage');
            first.reporter.attach(crawler);
            await crawler.run([site.startUrl]);
            // Crawlee's own messages ("Crawled ...", "Finished! ...") would have landed after the terminal one.
            expect(crawleeSends).not.toHaveBeenCalled();
            expect(first.transport.updates.at(-1)?.isStatusMessageTerminal).toBe(true);

            const second = recordingReporter();
            expect(() => second.reporter.attach(crawler)).not.toThrow();
            await runAttached(second.reporter, crawler, [site.startUrl]);
            await second.reporter.finish();
            expect(second.transport.messages.at(-1)).toMatch(/^Finished: 30 of 30 pages done/);
            expect(crawleeSends).not.toHaveBeenCalled();
        });
    }

    it('with sharedQueue, ending gives back every method, crawler.run included, and a running crawler once its run() is over', async () => {
        const owned = (crawler: object) =>
            ['run', 'setStatusMessage', 'getDataset', '_requestFunctionErrorHandler'].filter((name) =>
                Object.hasOwn(crawler, name),
            );
        // Ended between runs, with no detach() kept: the README's way.
        const first = recordingReporter({ sharedQueue: true });
        const idle = createCrawler('cheerio');
        first.reporter.attach(idle);
        await idle.run([site.startUrl]);
        await first.reporter.finish();
        expect(owned(idle)).toEqual([]);

        // Ended while the crawler runs: quiet until its run() is over, then nothing of ours is left.
        const second = recordingReporter({ sharedQueue: true });
        let handled = 0;
        const busy = createCrawler('cheerio', {
            maxConcurrency: 2,
            onRequest: async () => {
                handled++;
                if (handled === 5) await second.reporter.finish();
            },
        });
        second.reporter.attach(busy);
        await busy.run([site.startUrl]);
        expect(owned(busy)).toEqual([]);
        expect(second.transport.updates.filter((update) => update.isStatusMessageTerminal)).toHaveLength(1);
    });

    it('a crawler attached to a reporter that has not ended is still refused by another one', () => {
        const first = recordingReporter();
        const crawler = createCrawler('basic');
        first.reporter.attach(crawler);
        expect(() => recordingReporter().reporter.attach(crawler)).toThrow(
            /already attached to another ProgressReporter/,
        );
    });
});
