/**
 * A PlaywrightCrawler whose browser cannot launch (a wrong executablePath): its run() throws before
 * handling anything. The total still counts what was queued. Needs no browser: none is launched.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { Configuration, LogLevel, log, PlaywrightCrawler } from 'crawlee';
import { chromium } from 'playwright';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';

// Crawlee's own lines would drown the test report.
log.setLevel(LogLevel.OFF);

let emulator: PlatformEmulator;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

it('a browser that cannot launch: "Failed: 0 of 1 page done", counting the queued start URL', async () => {
    const reporter = new ProgressReporter({
        transport: new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url }),
        intervalSecs: 0.2,
        handleExit: false,
    });
    const crawler = new PlaywrightCrawler(
        {
            maxRequestRetries: 0,
            launchContext: {
                launcher: chromium,
                launchOptions: { executablePath: '/nonexistent/chromium', headless: true },
            },
            async requestHandler() {},
        },
        new Configuration({ persistStorage: false, purgeOnStart: true }),
    );
    reporter.attach(crawler as never);
    const error = await crawler.run(['http://127.0.0.1:9/start']).then(
        () => undefined,
        (reason: unknown) => reason,
    );
    expect(String(error)).toMatch(/Failed to launch/);

    expect(await reporter.end({ status: 'failed', reason: error })).toBe('delivered');
    expect(emulator.run.isStatusMessageTerminal).toBe(true);
    expect(emulator.run.statusMessage).toMatch(/^Failed: 0 of 1 page done · BrowserLaunchError: Failed to launch/);
});
