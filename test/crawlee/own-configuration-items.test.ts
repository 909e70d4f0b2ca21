/**
 * Items saved by a crawler made with a `Configuration` of its own: its `context.pushData` goes to its
 * own dataset, `Actor.pushData` to the run's default dataset (the global configuration's). Both are
 * what the run saved. A file of its own: the global configuration's default dataset must not have been
 * opened before the crawl (it is watched when the handler opens it).
 */
import { Actor } from 'apify';
import { CheerioCrawler, Configuration, Dataset } from 'crawlee';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { recordingReporter } from '../helpers/crawlers.js';

let site: Site;

beforeAll(async () => {
    Configuration.getGlobalConfig().set('persistStorage', false);
    site = await startSite({ pages: 20, slowFraction: 0, failingFraction: 0, missingLinks: 0 });
});

afterAll(async () => {
    await site?.close();
});

/** A crawler with its own configuration whose handler saves every other page with Actor.pushData, the rest twice with its own. */
function crawlerOfItsOwn() {
    const pushed = { global: 0, own: 0 };
    const crawler = new CheerioCrawler(
        {
            maxConcurrency: 4,
            async requestHandler({ request, pushData, enqueueLinks }) {
                await enqueueLinks();
                if (pushed.global <= pushed.own / 2) {
                    await Actor.pushData({ url: request.url });
                    pushed.global += 1;
                } else {
                    await pushData([{ url: request.url }, { url: request.url, copy: true }]);
                    pushed.own += 2;
                }
            },
        },
        new Configuration({ persistStorage: false, purgeOnStart: true }),
    );
    return { crawler, pushed };
}

const globalManagers = () => [
    ...(
        Configuration.getGlobalConfig() as unknown as { storageManagers: Map<unknown, object> }
    ).storageManagers.values(),
];

describe('a crawler with a Configuration of its own', () => {
    it('counts Actor.pushData to the default dataset and its own pushes, each once, whether the default dataset was open or not', async () => {
        // The default dataset is opened by the handler's first Actor.pushData, mid-crawl.
        const first = recordingReporter();
        const a = crawlerOfItsOwn();
        const detach = first.reporter.attach(a.crawler);
        await a.crawler.run([site.startUrl]);
        detach();
        expect(a.pushed.global).toBeGreaterThan(3);
        expect(a.pushed.own).toBeGreaterThan(3);
        const global = await Dataset.open();
        expect((await global.getInfo())?.itemCount).toBe(a.pushed.global);
        expect(first.reporter.snapshot().items).toBe(a.pushed.global + a.pushed.own);

        // Now the default dataset is open before the crawl starts.
        const second = recordingReporter();
        const b = crawlerOfItsOwn();
        const detachB = second.reporter.attach(b.crawler);
        await b.crawler.run([site.startUrl]);
        expect(second.reporter.snapshot().items).toBe(b.pushed.global + b.pushed.own);
        expect((await global.getInfo())?.itemCount).toBe(a.pushed.global + b.pushed.global);

        // Detached, nothing of ours is left on the default dataset or the global storage managers, and
        // later pushes are not counted.
        detachB();
        expect(Object.hasOwn(global, 'pushData')).toBe(false);
        expect(globalManagers().filter((manager) => Object.hasOwn(manager, 'openStorage'))).toEqual([]);
        await Actor.pushData({ after: 'detach' });
        expect(second.reporter.snapshot().items).toBe(b.pushed.global + b.pushed.own);
    });
});
