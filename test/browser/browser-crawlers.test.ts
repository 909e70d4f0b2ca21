import { PlatformEmulator } from '@actor-progress/emulator';
import { Configuration, PlaywrightCrawler, PuppeteerCrawler } from 'crawlee';
import { chromium } from 'playwright';
import puppeteer from 'puppeteer';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { CRAWLEE_WORDINGS, runAttached } from '../helpers/crawlers.js';

let site: Site;
let emulator: PlatformEmulator;

beforeAll(async () => {
    assertChromium();
    site = await startSite({ pages: 20, slowFraction: 0, slowDelayMs: 0, failingFraction: 0.1, missingLinks: 0 });
});

afterAll(async () => {
    await site?.close();
});

// A run of its own for each crawler: its Console holds that crawler's messages only.
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});

afterEach(async () => {
    await emulator?.close();
});

/** What both crawlers share: a 500 page fails at once, links on the site are followed. */
const common = {
    maxConcurrency: 2,
    maxRequestRetries: 0,
    async requestHandler({
        enqueueLinks,
        response,
    }: {
        enqueueLinks: () => Promise<unknown>;
        response?: { status(): number } | null;
    }) {
        if ((response?.status() ?? 200) >= 500) throw new Error(`HTTP ${response?.status()}`);
        await enqueueLinks();
    },
};
const launchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true };
const isolated = () => new Configuration({ persistStorage: false, purgeOnStart: true });

/** Both browser crawlers, each driving Debian's Chromium through its own library. */
const BROWSER_CRAWLERS = [
    [
        'PlaywrightCrawler',
        () => new PlaywrightCrawler({ ...common, launchContext: { launcher: chromium, launchOptions } }, isolated()),
    ],
    [
        'PuppeteerCrawler',
        () => new PuppeteerCrawler({ ...common, launchContext: { launcher: puppeteer, launchOptions } }, isolated()),
    ],
] as const;

it.each(BROWSER_CRAWLERS)('counts a %s in real Chromium and ends on its terminal message', async (_name, create) => {
    const transport = new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url });
    const reporter = new ProgressReporter({ transport, intervalSecs: 0.2, handleExit: false });
    const crawler = create();
    await runAttached(reporter, crawler as never, [site.startUrl]);
    const { requestsFinished, requestsFailed } = crawler.stats.state;
    expect(requestsFinished).toBeGreaterThan(0);
    expect(requestsFailed).toBeGreaterThan(0);

    expect(await reporter.finish()).toBe('delivered');
    const messages = emulator.statusMessages();
    expect(messages.at(-1)).toEqual({
        at: expect.any(Number),
        message: expect.stringMatching(
            new RegExp(
                // The handler throws a plain Error for the 500 pages: its type is the reason, never its text.
                `^Finished: ${requestsFinished} of ${requestsFinished + requestsFailed} pages done · ${requestsFailed} failed \\(Error in the handler\\) · in `,
            ),
        ),
        terminal: true,
    });
    expect(messages.filter((record) => record.terminal)).toHaveLength(1);
    for (const wording of CRAWLEE_WORDINGS) {
        expect(messages.filter((record) => record.message.includes(wording))).toEqual([]);
    }
});
