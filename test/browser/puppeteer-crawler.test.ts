import { Configuration, PuppeteerCrawler } from 'crawlee';
import puppeteer from 'puppeteer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';
import { PlatformEmulator } from '../../src/testing/index.js';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { CRAWLEE_WORDINGS, runAttached } from '../helpers/crawlers.js';

let site: Site;
let emulator: PlatformEmulator;

beforeAll(async () => {
    assertChromium();
    [site, emulator] = await Promise.all([
        startSite({ pages: 20, slowFraction: 0, slowDelayMs: 0, failingFraction: 0.1, missingLinks: 0 }),
        PlatformEmulator.start(),
    ]);
});

afterAll(async () => {
    await Promise.all([site?.close(), emulator?.close()]);
});

it('counts a PuppeteerCrawler in real Chromium and ends on its terminal message', async () => {
    const transport = new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url });
    const reporter = new ProgressReporter({ transport, intervalSecs: 0.2, handleExit: false });
    const crawler = new PuppeteerCrawler(
        {
            maxConcurrency: 2,
            maxRequestRetries: 0,
            launchContext: {
                launcher: puppeteer,
                launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true },
            },
            async requestHandler({ enqueueLinks, response }) {
                if ((response?.status() ?? 200) >= 500) throw new Error(`HTTP ${response?.status()}`);
                await enqueueLinks();
            },
        },
        new Configuration({ persistStorage: false, purgeOnStart: true }),
    );
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
                `^Finished: ${requestsFinished} of ${requestsFinished + requestsFailed} pages done · ${requestsFailed} failed · in `,
            ),
        ),
        terminal: true,
    });
    expect(messages.filter((record) => record.terminal)).toHaveLength(1);
    for (const wording of CRAWLEE_WORDINGS) {
        expect(messages.filter((record) => record.message.includes(wording))).toEqual([]);
    }
});
