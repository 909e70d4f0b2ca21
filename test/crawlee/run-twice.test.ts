/**
 * `crawler.run()` called twice on one reporter, a real Crawlee crawler against the local site.
 * Crawlee resets its statistics at the start of the second run (and, by default, empties its
 * request queue to crawl the same requests again): the reporter goes on from the first run's
 * counts, never backwards, and the terminal message counts both runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { createCrawler, parseProgress, recordingReporter } from '../helpers/crawlers.js';

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 20, slowFraction: 0, failingFraction: 0.1, missingLinks: 0 });
});
afterAll(async () => {
    await site?.close();
});

describe('one crawler, run() twice, one reporter', () => {
    // The basic test crawler throws its own Error on a 500; Cheerio's says "500 - Internal Server Error".
    it.each([
        ['cheerio', 'HTTP 500'],
        ['basic', 'Error in the handler'],
    ] as const)('%s: the counts go on from the first run, and the end counts both', async (kind, reason) => {
        const { reporter, transport } = recordingReporter();
        const crawler = createCrawler(kind);
        reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        await reporter.flush();
        expect(reporter.snapshot()).toMatchObject({
            done: site.succeeding,
            failed: site.failing,
            total: site.reachable,
        });

        await crawler.run([site.startUrl]);
        await reporter.flush();
        // Crawlee crawled the site again: its own statistics hold the second run only.
        expect(crawler.stats.state.requestsFinished).toBe(site.succeeding);

        await reporter.finish();
        const done = 2 * site.succeeding;
        const failed = 2 * site.failing;
        // Before: "0 of at least 1 pages done" after the first run's counts, and a terminal message
        // with the second run's pages and failures only.
        expect(transport.messages.at(-1)).toMatch(
            new RegExp(
                `^Finished: ${done} of ${done + failed} pages done · ${failed} failed \\(${reason}\\) · in \\d+ s$`,
            ),
        );
        expect(reporter.snapshot().failures).toEqual([{ reason, count: failed }]);
        const progress = transport.messages.map(parseProgress).filter((p) => p !== undefined);
        const timeline = transport.messages.join('\n');
        for (const [i, p] of progress.entries()) {
            expect(p.done, timeline).toBeGreaterThanOrEqual(progress[i - 1]?.done ?? 0);
            expect(p.total, timeline).toBeGreaterThanOrEqual(progress[i - 1]?.total ?? 0);
        }
    });
});
