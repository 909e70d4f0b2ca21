/**
 * A real crawler that stalls (one request at a time, two pages that take 6 s each), attached and
 * reporting through the Apify API to the emulator. Crawlee re-announces its status every second
 * here (every 10 s by default); while no request ends, nothing new is said, so nothing is sent.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';
import { createCrawler, parseProgress, runAttached } from '../helpers/crawlers.js';

let site: Site;
let emulator: PlatformEmulator;

beforeAll(async () => {
    // Pages 12 and 25 are the slow ones (the site picks them by a fixed hash).
    [site, emulator] = await Promise.all([
        startSite({ pages: 30, slowFraction: 0.08, slowDelayMs: 6_000, failingFraction: 0, missingLinks: 0 }),
        PlatformEmulator.start(),
    ]);
});

afterAll(async () => {
    await Promise.all([site?.close(), emulator?.close()]);
});

it('sends no call while a stalled crawl has nothing new to say', async () => {
    expect(site.slowPages).toEqual([12, 25]);
    const transport = new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url });
    const reporter = new ProgressReporter({ transport, intervalSecs: 0, handleExit: false, persistStateKey: false });
    const crawler = createCrawler('cheerio', { maxConcurrency: 1, statusMessageLoggingInterval: 1 });
    await runAttached(reporter, crawler, [site.startUrl]);
    await reporter.finish();

    const progress = emulator.statusMessages().filter((record) => !record.terminal);
    const counts = progress.map((record) => parseProgress(record.message)?.done);
    // Before: every second of a stall sent the same count again with a decaying rate ("14 pages ·
    // 120/min", "14 pages · 95/min", ...): one PUT per interval for nothing.
    const repeats = counts.filter((done, i) => i > 0 && done === counts[i - 1]);
    expect(repeats, emulator.formatTimeline()).toEqual([]);
    expect(emulator.run.statusMessage).toMatch(/^Finished: 30 of 30 pages done · in 1\d s$/);
});
