import { Actor } from 'apify';
import { CheerioCrawler, type CheerioCrawlingContext, Configuration, Dataset } from 'crawlee';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { recordingReporter } from '../helpers/crawlers.js';
import { freePort } from '../helpers/http.js';

let site: Site;

beforeAll(async () => {
    // 500 pages, pages that never answer, pages whose structured data the handler cannot parse, a 404.
    site = await startSite({
        pages: 40,
        slowFraction: 0,
        failingFraction: 0.05,
        hangingFraction: 0.05,
        brokenFraction: 0.1,
        missingLinks: 1,
    });
});

afterAll(async () => {
    await site?.close();
});

type Save = (context: CheerioCrawlingContext, crawler: CheerioCrawler, item: Record<string, unknown>) => Promise<void>;

/**
 * A crawler as an author writes one: follows links, then reads the page's structured data (a
 * SyntaxError on the broken pages) and saves an item, in the way `save` chooses.
 */
function crawlerSaving(save: Save, config = new Configuration({ persistStorage: false, purgeOnStart: true })) {
    const crawler: CheerioCrawler = new CheerioCrawler(
        {
            maxConcurrency: 8,
            autoscaledPoolOptions: { desiredConcurrency: 8 },
            maxRequestRetries: 1,
            navigationTimeoutSecs: 1,
            async requestHandler(context) {
                await context.enqueueLinks();
                const data = context.$('script[type="application/ld+json"]').text();
                if (!data) return; // the 404 page: nothing to save
                const { position } = JSON.parse(data) as { position: number };
                await save(context, crawler, { url: context.request.url, position });
            },
        },
        config,
    );
    return crawler;
}

async function itemCount(crawler: CheerioCrawler): Promise<number> {
    return (await (await crawler.getDataset()).getInfo())?.itemCount ?? Number.NaN;
}

describe('a crawl that saves items and fails pages for several reasons', () => {
    it('counts the items in the dataset and names why pages failed, adding up to Crawlee’s statistics', async () => {
        const { reporter, transport } = recordingReporter();
        // Every third page saves two items at once; the others one, by the context or by the crawler.
        const crawler = crawlerSaving(async (context, self, item) => {
            if ((item.position as number) % 3 === 0) await context.pushData([item, { ...item, copy: true }]);
            else if ((item.position as number) % 3 === 1) await context.pushData(item);
            else await self.pushData(item);
        });
        const detach = reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        detach();
        await reporter.finish();

        const { requestsFinished, requestsFailed } = crawler.stats.state;
        const broken = site.brokenPages.length;
        expect(requestsFailed).toBe(site.failing + site.hanging + broken);
        const items = await itemCount(crawler);
        expect(items).toBeGreaterThan(requestsFinished); // the doubles
        const snapshot = reporter.snapshot();
        expect(snapshot.items).toBe(items);
        expect(snapshot.failures).toEqual(
            [
                { reason: 'SyntaxError in the handler', count: broken },
                { reason: 'HTTP 500', count: site.failing },
                { reason: 'timeout', count: site.hanging },
            ].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        );
        const reasons = snapshot.failures.map(({ reason, count }) => `${count} × ${reason}`).join(', ');
        expect(transport.messages.at(-1)).toMatch(
            new RegExp(
                `^Finished: ${requestsFinished} of ${site.reachable} pages done · ${items} items · ${requestsFailed} failed \\(${reasons}\\) · in \\d+ s$`,
            ),
        );
        // Progress messages said "N items" as the items came in, never going back.
        const seen = transport.messages.map((m) => /· (\d+) items? ·/.exec(m)?.[1]).filter((n) => n !== undefined);
        expect(seen.length).toBeGreaterThan(2);
        expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));
    });

    it('counts Actor.pushData, Dataset.pushData and an opened dataset on the default configuration too', async () => {
        const config = Configuration.getGlobalConfig();
        config.set('persistStorage', false);
        const { reporter } = recordingReporter();
        const crawler = crawlerSaving(async (_context, _self, item) => {
            const way = (item.position as number) % 3;
            if (way === 0) await Actor.pushData(item);
            else if (way === 1) await Dataset.pushData(item);
            else await (await Dataset.open()).pushData([item]);
        }, config);
        const detach = reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        expect(reporter.snapshot().items).toBe(await itemCount(crawler));
        expect(reporter.snapshot().items).toBe(site.succeeding - site.brokenPages.length - site.missingPaths.length);

        // Detached, nothing is left on the dataset or its class, and later pushes are not counted.
        detach();
        const dataset = await crawler.getDataset();
        expect(Object.hasOwn(dataset, 'pushData')).toBe(false);
        expect(Object.hasOwn(crawler, 'getDataset')).toBe(false);
        const before = reporter.snapshot().items;
        await Dataset.pushData({ after: 'detach' });
        expect(reporter.snapshot().items).toBe(before);
    });

    it("counts each reporter's own crawler only, and a shared dataset once", async () => {
        const first = recordingReporter();
        const second = recordingReporter();
        const a = crawlerSaving((context, _self, item) => context.pushData(item));
        const b = crawlerSaving((context, _self, item) => context.pushData(item));
        first.reporter.attach(a);
        second.reporter.attach(b);
        await Promise.all([a.run([site.startUrl]), b.run([site.startUrl])]);
        expect(first.reporter.snapshot().items).toBe(await itemCount(a));
        expect(second.reporter.snapshot().items).toBe(await itemCount(b));

        // Two crawlers of one reporter on one configuration write to one dataset: each item once.
        const shared = new Configuration({ persistStorage: false, purgeOnStart: true });
        const third = recordingReporter();
        const c = crawlerSaving((context, _self, item) => context.pushData(item), shared);
        const d = crawlerSaving((context, _self, item) => context.pushData(item), shared);
        third.reporter.attach(c);
        third.reporter.attach(d);
        await c.run([site.startUrl]);
        await d.run([site.startUrl]);
        expect(third.reporter.snapshot().items).toBe(await itemCount(c));
        expect(await itemCount(c)).toBe(await itemCount(d));
    });
});

describe('a site that is down', () => {
    it('reads as a network error, not as an error in the handler', async () => {
        // A port nothing listens on: the connection is refused. Crawlee wraps that in a SessionError
        // (its name stays "Error"), and retires the session rather than retrying as usual.
        const port = await freePort();
        const { reporter, transport } = recordingReporter();
        const crawler = new CheerioCrawler(
            { maxRequestRetries: 0, maxSessionRotations: 1, async requestHandler() {} },
            new Configuration({ persistStorage: false, purgeOnStart: true }),
        );
        const detach = reporter.attach(crawler);
        await crawler.run([`http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/other`]);
        detach();
        await reporter.finish();
        expect(crawler.stats.state.requestsFailed).toBe(2);
        expect(reporter.snapshot().failures).toEqual([{ reason: 'network error: ECONNREFUSED', count: 2 }]);
        expect(transport.messages.at(-1)).toMatch(
            /^Finished: 0 of 2 pages done · 2 failed \(network error: ECONNREFUSED\) · in \d+ s$/,
        );
    });
});
