/**
 * Requests that "fail" only because the crawl is being stopped. A real Crawlee crawler against the
 * local site is stopped the way Crawlee's own Ctrl+C handler stops it (its pool paused, then
 * aborted), while requests are in flight that then throw what a browser closed under them throws.
 * The browser suite (test/browser/stop-failures.test.ts) does the same with real browsers and a real
 * Ctrl+C; here the accounting is checked without one: such requests are left undone, not failed.
 */
import { BasicCrawler, Configuration } from 'crawlee';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { isClosedUnderRequest } from '../../src/crawlee/stop-failures.js';
import { linksIn, recordingReporter } from '../helpers/crawlers.js';

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 40, slowFraction: 0, failingFraction: 0, missingLinks: 0 });
});
afterAll(async () => {
    await site?.close();
});

/** What Playwright throws from a page closed under a call. */
function targetClosed(): Error {
    const error = new Error('page.goto: Target page, context or browser has been closed');
    error.name = 'TargetClosedError';
    return error;
}

describe('what a browser closed under a request throws', () => {
    it.each([
        ['Playwright TargetClosedError', targetClosed()],
        [
            'Puppeteer TargetCloseError',
            Object.assign(new Error('Protocol error (Page.navigate): Target closed'), { name: 'TargetCloseError' }),
        ],
        [
            'a navigation aborted as its page closed',
            new Error('page.goto: net::ERR_ABORTED at http://127.0.0.1:8080/p/3\nCall log: ...'),
        ],
        [
            'Puppeteer, the session gone',
            new Error('Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.'),
        ],
        ['Puppeteer, the frame gone', new Error('Navigating frame was detached')],
        ['Playwright, the browser gone', new Error('browser.newContext: Browser has been closed')],
    ])('%s', (_, error) => {
        expect(isClosedUnderRequest(error)).toBe(true);
    });

    it.each([
        ['an HTTP 500', new Error('500 - Internal Server Error: boom')],
        ['a timeout', Object.assign(new Error('page.goto: Timeout 30000ms exceeded.'), { name: 'TimeoutError' })],
        ['a refused connection', new Error('page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/')],
        ['a handler bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
        ['not an error', 'Target closed'],
    ])('not %s', (_, error) => {
        expect(isClosedUnderRequest(error)).toBe(false);
    });
});

describe('a crawl stopped with requests in flight', () => {
    it('counts the requests the stop cut off as left undone, not as failed', async () => {
        const { reporter, transport } = recordingReporter();
        let started = 0;
        let stopping = false;
        const crawler: BasicCrawler = new BasicCrawler(
            {
                maxConcurrency: 4,
                maxRequestRetries: 0,
                autoscaledPoolOptions: { desiredConcurrency: 4 },
                async requestHandler({ request, addRequests }) {
                    started++;
                    const pool = crawler.autoscaledPool;
                    if (started === 8 && pool) {
                        // What Crawlee's SIGINT handler does: pause (running tasks finish), then abort.
                        stopping = true;
                        void pool.pause().then(() => pool.abort());
                    }
                    if (started >= 8) {
                        // In flight when the stop comes: the browser is closed under the page.
                        while (!stopping) await new Promise((resolve) => setTimeout(resolve, 5));
                        await new Promise((resolve) => setTimeout(resolve, 5));
                        throw targetClosed();
                    }
                    const response = await fetch(request.url);
                    await addRequests(linksIn(await response.text(), request.url));
                },
            },
            new Configuration({ persistStorage: false, purgeOnStart: true }),
        );
        reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        await reporter.flush();
        const { requestsFinished, requestsFailed } = crawler.stats.state;
        // Crawlee counts the requests cut off as failed; the reporter does not.
        expect(requestsFailed).toBeGreaterThan(0);
        const cutOff = requestsFailed;
        expect(reporter.snapshot()).toMatchObject({ done: requestsFinished, failed: 0, failures: [] });

        await reporter.abort('stopped');
        const last = transport.messages.at(-1) ?? '';
        // Before: "Aborted: 7 of at least 20 pages done · 4 failed (TargetClosedError in the handler) · stopped".
        expect(last).toMatch(new RegExp(`^Aborted: ${requestsFinished} of at least \\d+ pages done · stopped$`));
        // What was cut off is still work left: in the total, which stays an "at least".
        const total = Number(/of at least (\d+) /.exec(last)?.[1]);
        expect(total).toBeGreaterThanOrEqual(requestsFinished + cutOff);
        for (const message of transport.messages) expect(message).not.toContain('failed');
    });
});
