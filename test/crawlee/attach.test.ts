import { BasicCrawler, Statistics } from 'crawlee';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ProgressReporter } from '../../src/index.js';
import {
    CRAWLEE_WORDINGS,
    type CrawlerKind,
    createCrawler,
    parseProgress,
    progressAtAnySpeed,
    recordingReporter,
    runAttached,
} from '../helpers/crawlers.js';

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 40, slowFraction: 0.1, slowDelayMs: 30, failingFraction: 0.05, missingLinks: 1 });
});

afterAll(async () => {
    await site?.close();
});

describe.each<CrawlerKind>(['basic', 'cheerio', 'http'])('attach(%s crawler)', (kind) => {
    it('reports the crawl as it goes, agrees with the statistics, and sends none of its own messages', async () => {
        const { reporter, transport } = recordingReporter();
        const crawler = createCrawler(kind);
        const storageClient = crawler.config.getStorageClient();
        const crawleeSends = vi.spyOn(storageClient, 'setStatusMessage');
        await runAttached(reporter, crawler, [site.startUrl]);

        const { state } = crawler.stats;
        expect(state.requestsFinished).toBe(site.succeeding);
        expect(state.requestsFailed).toBe(site.failing);
        const snapshot = reporter.snapshot();
        expect(snapshot).toMatchObject({
            done: state.requestsFinished,
            failed: state.requestsFailed,
            retried: state.requestsRetries,
            total: site.reachable,
            totalIsEstimate: false,
            unit: ['page', 'pages'],
        });
        // The crawl's result is posted when run() ends, before anyone asks for the terminal message.
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed(`${site.succeeding} of ${site.reachable} pages done (100%) · ${site.failing} failed`),
        );
        await reporter.finish();

        const messages = transport.messages;
        expect(messages[0]).toBe('0 of at least 1 page done');
        // The 500 pages: Crawlee's HTTP crawlers fail them itself; the basic crawler's handler throws a plain Error.
        const reason = kind === 'basic' ? 'Error in the handler' : 'HTTP 500';
        expect(messages.at(-1)).toBe(
            `Finished: ${site.succeeding} of ${site.reachable} pages done · ${site.failing} failed (${reason}) · in ${messages.at(-1)?.split(' · in ')[1]}`,
        );
        expect(reporter.snapshot().failures).toEqual([{ reason, count: state.requestsFailed }]);
        expect(transport.updates.filter((update) => update.isStatusMessageTerminal)).toHaveLength(1);
        for (const wording of CRAWLEE_WORDINGS) {
            expect(messages.filter((message) => message.includes(wording))).toEqual([]);
        }
        expect(crawleeSends).not.toHaveBeenCalled();

        // Counts never go back, the total only grows while it is an estimate, and once firm it stays firm.
        const progress = messages.map(parseProgress).filter((p) => p !== undefined);
        expect(progress.length).toBeGreaterThan(2);
        let firmSeen = false;
        for (const [i, p] of progress.entries()) {
            const before = progress[i - 1];
            if (before) {
                expect(p.done).toBeGreaterThanOrEqual(before.done);
                if (before.estimate && p.estimate) expect(p.total).toBeGreaterThanOrEqual(before.total);
            }
            if (firmSeen) expect(p.estimate).toBe(false);
            firmSeen ||= !p.estimate;
        }
        expect(progress.some((p) => p.estimate)).toBe(true);
    });
});

describe('the total', () => {
    it('is an estimate while links are found, and firm once maxRequestsPerCrawl is reached', async () => {
        const { reporter, transport } = recordingReporter();
        // One at a time: with more, Crawlee's own limit can overshoot by a request or two (see the next test).
        const crawler = createCrawler('cheerio', { maxRequestsPerCrawl: 12, maxConcurrency: 1 });
        reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        await reporter.finish();

        const { requestsFinished, requestsFailed } = crawler.stats.state;
        expect(requestsFinished + requestsFailed).toBe(12);
        const progress = transport.messages.map(parseProgress).filter((p) => p !== undefined);
        expect(progress[0]).toMatchObject({ done: 0, estimate: true });
        // The cap shows as a firm total while the crawl is still going.
        const firstFirm = progress.find((p) => !p.estimate);
        expect(firstFirm?.total).toBe(12);
        expect(firstFirm?.done).toBeLessThan(12);
        expect(transport.messages.at(-1)).toMatch(new RegExp(`^Finished: ${requestsFinished} of 12 pages done`));
    });

    it('never shows fewer pages in all than were handled when concurrent handlers overshoot the cap', async () => {
        for (let round = 0; round < 2; round++) {
            const { reporter, transport, warnings } = recordingReporter();
            const crawler = createCrawler('cheerio', { maxRequestsPerCrawl: 12, maxConcurrency: 3 });
            reporter.attach(crawler);
            await crawler.run([site.startUrl]);
            await reporter.finish();
            const { requestsFinished, requestsFailed } = crawler.stats.state;
            const handled = requestsFinished + requestsFailed;
            expect(handled).toBeGreaterThanOrEqual(12);
            for (const p of transport.messages.map(parseProgress)) {
                if (p) expect(p.total).toBeGreaterThanOrEqual(p.done);
            }
            expect(transport.messages.at(-1)).toMatch(new RegExp(`^Finished: ${requestsFinished} of ${handled} pages`));
            expect(warnings).toEqual([]);
        }
    });

    it('is the reporter option when the author gave one', async () => {
        const { reporter, transport } = recordingReporter({ total: 500, unit: ['product', 'products'] });
        const crawler = createCrawler('http');
        reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        await reporter.flush();
        expect(transport.messages[0]).toBe('0 of 500 products done (0%)');
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed(`${site.succeeding} of 500 products done (8%) · ${site.failing} failed`),
        );
    });
});

describe('taking over the crawler', () => {
    it('keeps periodic and callback messages off the run, and restores the crawler on detach', async () => {
        const { reporter, transport } = recordingReporter();
        let periodic = 0;
        const crawler = createCrawler('basic', {
            maxConcurrency: 1,
            // Fires many times during the crawl; Crawlee's docs tell the callback to call setStatusMessage.
            statusMessageLoggingInterval: 0.02,
            statusMessageCallback: async ({ crawler: self, message }) => {
                periodic++;
                await self.setStatusMessage(`custom: ${message}`);
            },
            onRequest: () => new Promise((resolve) => setTimeout(resolve, 5)),
        });
        const crawleeSends = vi.spyOn(crawler.config.getStorageClient(), 'setStatusMessage');
        const detach = reporter.attach(crawler);
        expect(Object.hasOwn(crawler, 'setStatusMessage')).toBe(true);
        await crawler.run([site.startUrl]);
        expect(periodic).toBeGreaterThan(0);
        expect(crawleeSends).not.toHaveBeenCalled();
        expect(transport.messages.filter((m) => m.startsWith('custom:'))).toEqual([]);

        detach();
        detach(); // idempotent
        expect(Object.hasOwn(crawler, 'setStatusMessage')).toBe(false);
        expect(crawler.setStatusMessage).toBe(BasicCrawler.prototype.setStatusMessage);
        expect(crawler.stats.finishJob).toBe(Statistics.prototype.finishJob);
        expect(crawler.stats.failJob).toBe(Statistics.prototype.failJob);

        // Detached, the crawler speaks for itself again and the reporter hears nothing more
        // (once the crawl's own result, posted when run() ended, has gone out).
        await reporter.flush();
        const sent = transport.messages.length;
        await crawler.setStatusMessage('after detach');
        expect(crawleeSends).toHaveBeenCalledWith('after detach', {});
        expect(transport.messages).toHaveLength(sent);
    });

    it('leaves a wrapper installed after its own in place on detach', async () => {
        const { reporter } = recordingReporter();
        const crawler = createCrawler('basic');
        const detach = reporter.attach(crawler);
        const ours = crawler.setStatusMessage;
        const theirs = vi.fn((message: string) => ours.call(crawler, message));
        crawler.setStatusMessage = theirs;
        detach();
        expect(crawler.setStatusMessage).toBe(theirs);
        // Ours now passes straight through to Crawlee's own method.
        const crawleeSends = vi.spyOn(crawler.config.getStorageClient(), 'setStatusMessage');
        await crawler.setStatusMessage('through');
        expect(crawleeSends).toHaveBeenCalledWith('through', {});
    });

    it("counts the crawler's statistics even when a handler throws", async () => {
        const { reporter } = recordingReporter();
        const crawler = createCrawler('cheerio', {
            onRequest: () => {
                throw new Error('handler bug');
            },
        });
        reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        await reporter.flush();
        expect(reporter.snapshot()).toMatchObject({ done: 0, failed: 1, total: 1, totalIsEstimate: false });
        // Every failure is a notable share here, so even a progress message names the reason.
        expect(reporter.lastMessage).toMatch(
            progressAtAnySpeed('0 of 1 page done (100%) · 1 failed (Error in the handler)'),
        );
    });
});

describe('attach() misuse', () => {
    it('throws a TypeError naming the problem for things that are not crawlers', () => {
        const reporter = new ProgressReporter({ transport: { name: 'none', send: async () => undefined } });
        const attach = (value: unknown) => () => reporter.attach(value as never);
        expect(attach(undefined)).toThrow(/needs a Crawlee crawler instance .*got undefined: not an object/);
        expect(attach({ maxRequestsPerCrawl: 10 })).toThrow(TypeError);
        expect(attach({ maxRequestsPerCrawl: 10 })).toThrow(
            /got \{"maxRequestsPerCrawl":10\}: it has no run\(\) method/,
        );
        expect(attach(BasicCrawler)).toThrow(/got the class BasicCrawler: pass an instance/);
        expect(attach({ run() {}, setStatusMessage() {} })).toThrow(/no `stats`/);
    });

    it('is idempotent for the same reporter and refuses a second reporter', async () => {
        const { reporter, transport } = recordingReporter();
        const other = recordingReporter();
        const crawler = createCrawler('http');
        const detach = reporter.attach(crawler);
        expect(reporter.attach(crawler)).toBe(detach);
        expect(() => other.reporter.attach(crawler)).toThrow(/already attached to another ProgressReporter/);

        await crawler.run([site.startUrl]);
        await reporter.flush();
        // Attached twice, counted once.
        expect(reporter.snapshot().done).toBe(crawler.stats.state.requestsFinished);
        expect(other.transport.messages).toEqual([]);
        expect(transport.messages.length).toBeGreaterThan(0);

        detach();
        // Once detached it may move to another reporter.
        const detachOther = other.reporter.attach(crawler);
        detachOther();
    });

    it("says what went wrong reading a crawler through the reporter's log, with the token removed", () => {
        const token = 'apify_api_SECRETforTHEcrawlerHOOK';
        vi.stubEnv('APIFY_TOKEN', token);
        const { reporter, warnings } = recordingReporter({ handleExit: false });
        vi.unstubAllEnvs();
        const crawler = createCrawler('basic');
        // A crawler that ran before (so it is read at once), whose statistics then fail to read with
        // the token in the error.
        Object.assign(crawler, { hasFinishedBefore: true });
        const detach = reporter.attach(crawler);
        Object.defineProperty(crawler.stats, 'state', {
            get() {
                throw new Error(`GET https://api.apify.com/v2/key-value-stores/x?token=${token} failed`);
            },
        });
        reporter.snapshot();
        detach();
        expect(warnings.join('\n')).toContain('Could not update the progress from the crawler');
        expect(warnings.join('\n')).toContain('?token=*** failed');
        expect(warnings.join('\n')).not.toContain(token);
    });

    it('a run() stopped before its queue was drained keeps its total ("N of at least M"), a full one ends "N of N"', async () => {
        let handled = 0;
        const { reporter } = recordingReporter({ handleExit: false });
        const crawler = createCrawler('cheerio', {
            maxConcurrency: 2,
            onRequest: () => {
                handled += 1;
                if (handled === 6) crawler.stop();
            },
        });
        await runAttached(reporter, crawler, [site.startUrl]);
        const stopped = reporter.snapshot();
        expect(stopped.done + stopped.failed).toBeLessThan(site.reachable);
        expect(stopped.totalIsEstimate).toBe(true);
        expect(stopped.total).toBeGreaterThan(stopped.done + stopped.failed);
        await reporter.finish();

        const full = recordingReporter({ handleExit: false });
        const again = createCrawler('cheerio');
        await runAttached(full.reporter, again, [site.startUrl]);
        expect(full.reporter.snapshot()).toMatchObject({ total: site.reachable, totalIsEstimate: false });
        await full.reporter.finish();
    });
});
