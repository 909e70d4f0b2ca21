/**
 * The live view of a real crawl: a CheerioCrawler attached to a reporter with `liveView` on, crawling
 * the bundled site, watched through `/progress.json` and the event stream over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { createCrawler, runAttached } from '../helpers/crawlers.js';
import { type EventStream, openEventStream } from '../helpers/sse.js';
import { type Doc, documentsOf, messagesOf } from './stream-documents.js';

let site: Site;
beforeAll(async () => {
    site = await startSite({ pages: 60, slowFraction: 0.5, slowDelayMs: 150, failingFraction: 0.05, missingLinks: 1 });
});
afterAll(async () => {
    await site?.close();
});

async function progressJson(url: string): Promise<Doc> {
    const response = await fetch(`${url}progress.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return (await response.json()) as Doc;
}

function liveReporter() {
    const transport = new RecordingTransport();
    const warnings: string[] = [];
    const reporter = new ProgressReporter({
        transport,
        intervalSecs: 0.5,
        handleExit: false,
        liveView: { port: 0 },
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
    });
    return { reporter, transport, warnings };
}

describe('the live view of a real crawl', () => {
    it('streams the counts as they change, and ends on the terminal message with the final counts', async () => {
        const { reporter, transport, warnings } = liveReporter();
        const url = await reporter.liveViewUrl();
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        if (!url) return;
        const stream = await openEventStream(`${url}events`);
        const crawler = createCrawler('cheerio', { maxConcurrency: 2 });
        const polled: Doc[] = [];
        const crawling = runAttached(reporter, crawler, [site.startUrl]);
        // Polled while the crawl runs, as a script watching the run would.
        const poller = (async () => {
            let settled = false;
            void crawling.finally(() => {
                settled = true;
            });
            while (!settled) {
                polled.push(await progressJson(url));
                await new Promise((resolve) => setTimeout(resolve, 300));
            }
        })();
        await crawling;
        await poller;
        await reporter.finish();
        await stream.next(() => documentsOf(stream).at(-1)?.terminal === true);

        const docs = documentsOf(stream);
        const done = docs.map((doc) => doc.done);
        // Counts went up while the crawl ran, one update a second, never down.
        expect(new Set(done).size).toBeGreaterThan(2);
        expect(done).toEqual([...done].sort((a, b) => a - b));
        expect(polled.some((doc) => doc.status === 'running' && doc.done > 0 && doc.done < site.succeeding)).toBe(true);
        // The end: the terminal message and the final counts, in the stream and in /progress.json alike.
        const last = transport.updates.at(-1);
        const final = {
            status: 'finished',
            done: site.succeeding,
            failed: site.failing,
            total: site.reachable,
            message: last?.statusMessage,
            terminal: true,
        };
        expect(last?.isStatusMessageTerminal).toBe(true);
        expect(docs.at(-1)).toMatchObject(final);
        expect(await progressJson(url)).toMatchObject(final);
        // The page's timeline is what the Console received, in order, the terminal one marked.
        expect(messagesOf(stream).map(({ text, terminal }) => ({ text, terminal }))).toEqual(
            transport.updates.map((update) => ({
                text: update.statusMessage,
                terminal: update.isStatusMessageTerminal,
            })),
        );
        expect(warnings).toEqual([]);
        stream.close();
        await reporter.closeLiveView();
    });

    it('serves 50 viewers at once through a crawl: each gets every update and the same final state', async () => {
        const { reporter } = liveReporter();
        const url = await reporter.liveViewUrl();
        const viewers = await Promise.all(Array.from({ length: 50 }, () => openEventStream(`${url}events`)));
        expect(viewers.map((viewer) => viewer.status)).toEqual(Array(50).fill(200));
        await runAttached(reporter, createCrawler('cheerio', { maxConcurrency: 4 }), [site.startUrl]);
        await reporter.finish();
        await Promise.all(viewers.map((viewer) => viewer.next(() => documentsOf(viewer).at(-1)?.terminal === true)));
        const expected = documentsOf(viewers[0] as EventStream).at(-1);
        expect(expected).toMatchObject({ done: site.succeeding, failed: site.failing, terminal: true });
        for (const viewer of viewers) expect(documentsOf(viewer).at(-1)).toEqual(expected);
        // All connected before the crawl: every viewer got the very same stream, update for update.
        const stream = documentsOf(viewers[0] as EventStream);
        expect(stream.length).toBeGreaterThan(1);
        for (const viewer of viewers.slice(1)) expect(documentsOf(viewer)).toEqual(stream);
        await reporter.closeLiveView();
        await Promise.all(viewers.map((viewer) => viewer.ended));
    });
});
