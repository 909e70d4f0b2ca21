import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import {
    type AnyCrawler,
    createCrawler,
    parseProgress,
    progressAtAnySpeed,
    recordingReporter,
    runAttached,
} from '../helpers/crawlers.js';

let siteA: Site;
let siteB: Site;

beforeAll(async () => {
    [siteA, siteB] = await Promise.all([
        startSite({ pages: 20, slowFraction: 0, failingFraction: 0.1, missingLinks: 0 }),
        startSite({ pages: 30, slowFraction: 0.1, slowDelayMs: 20, failingFraction: 0, missingLinks: 1 }),
    ]);
});

afterAll(async () => {
    await Promise.all([siteA?.close(), siteB?.close()]);
});

const handled = (crawler: AnyCrawler) => crawler.stats.state.requestsFinished + crawler.stats.state.requestsFailed;

describe('several crawlers on one reporter', () => {
    it('add up when they run one after another, attached and detached in turn', async () => {
        const { reporter, transport } = recordingReporter();
        const a = createCrawler('cheerio');
        await runAttached(reporter, a, [siteA.startUrl]);
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed(
                `${siteA.succeeding} of ${siteA.reachable} pages done (100%) · ${siteA.failing} failed (HTTP 500)`,
            ),
        );

        const b = createCrawler('http');
        await runAttached(reporter, b, [siteB.startUrl]);
        const done = siteA.succeeding + siteB.succeeding;
        const total = siteA.reachable + siteB.reachable;
        expect(reporter.snapshot()).toMatchObject({ done, failed: siteA.failing, total, totalIsEstimate: false });

        await reporter.finish();
        expect(transport.messages.at(-1)).toMatch(
            new RegExp(`^Finished: ${done} of ${total} pages done · ${siteA.failing} failed \\(HTTP 500\\)`),
        );
        // B's progress starts from A's result: the counts never go back.
        const counts = transport.messages.map(parseProgress).filter((p) => p !== undefined);
        for (const [i, p] of counts.entries()) expect(p.done).toBeGreaterThanOrEqual(counts[i - 1]?.done ?? 0);
    });

    it('say "at least" between crawls while another attached crawler has yet to run', async () => {
        const { reporter } = recordingReporter();
        const a = createCrawler('cheerio');
        const b = createCrawler('cheerio');
        reporter.attach(a);
        reporter.attach(b);
        await a.run([siteA.startUrl]);
        await reporter.flush();
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed(
                `${siteA.succeeding} of at least ${siteA.reachable} pages done · ${siteA.failing} failed (HTTP 500)`,
            ),
        );
        await b.run([siteB.startUrl]);
        await reporter.flush();
        expect(reporter.snapshot()).toMatchObject({
            done: siteA.succeeding + siteB.succeeding,
            total: siteA.reachable + siteB.reachable,
            totalIsEstimate: false,
        });
    });

    it('add up when they run side by side, and the total is firm only when both have ended', async () => {
        const { reporter, transport } = recordingReporter();
        const a = createCrawler('basic');
        const b = createCrawler('cheerio');
        reporter.attach(a);
        reporter.attach(b);
        await Promise.all([a.run([siteA.startUrl]), b.run([siteB.startUrl])]);
        await reporter.flush();

        expect(handled(a)).toBe(siteA.reachable);
        expect(handled(b)).toBe(siteB.reachable);
        expect(reporter.snapshot()).toMatchObject({
            done: a.stats.state.requestsFinished + b.stats.state.requestsFinished,
            failed: a.stats.state.requestsFailed + b.stats.state.requestsFailed,
            total: siteA.reachable + siteB.reachable,
            totalIsEstimate: false,
        });
        const progress = transport.messages.map(parseProgress).filter((p) => p !== undefined);
        // Only the very last message, after both run()s ended, has a firm total.
        expect(progress.filter((p) => !p.estimate)).toHaveLength(1);
        expect(progress.at(-1)?.estimate).toBe(false);
    });
});

describe('attaching after run() has started', () => {
    it('picks up the counts so far, and still sees the end of the run', async () => {
        const { reporter, transport } = recordingReporter();
        let detach: (() => void) | undefined;
        let handledWhenAttached = -1;
        const crawler: AnyCrawler = createCrawler('cheerio', {
            maxConcurrency: 1,
            onRequest: () => {
                if (detach || handled(crawler) < 5) return;
                handledWhenAttached = handled(crawler);
                detach = reporter.attach(crawler);
            },
        });
        await crawler.run([siteA.startUrl]);
        await reporter.flush();
        detach?.();

        expect(handledWhenAttached).toBe(5);
        // The first message already counts what was done before attach().
        expect(parseProgress(transport.messages[0] ?? '')).toMatchObject({ done: 5, estimate: true });
        expect(reporter.snapshot()).toMatchObject({
            done: siteA.succeeding,
            failed: siteA.failing,
            total: siteA.reachable,
            totalIsEstimate: false,
        });
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed(
                `${siteA.succeeding} of ${siteA.reachable} pages done (100%) · ${siteA.failing} failed (HTTP 500)`,
            ),
        );
    });

    it('reports a crawler that has already finished as final', async () => {
        const { reporter } = recordingReporter();
        const crawler = createCrawler('http');
        await crawler.run([siteA.startUrl]);
        reporter.attach(crawler);
        await reporter.flush();
        // Reasons are seen as requests fail: those that failed before attach() are counted, reason unknown.
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed(`${siteA.succeeding} of ${siteA.reachable} pages done (100%) · ${siteA.failing} failed`),
        );
        expect(reporter.snapshot().failures).toEqual([{ reason: 'unknown', count: siteA.failing }]);
    });
});
