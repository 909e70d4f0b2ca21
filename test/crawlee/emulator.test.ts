import { PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';
import {
    CRAWLEE_WORDINGS,
    createCrawler,
    parseProgress,
    progressAtAnySpeed,
    runAttached,
} from '../helpers/crawlers.js';

let site: Site;
let emulator: PlatformEmulator;

beforeAll(async () => {
    [site, emulator] = await Promise.all([
        startSite({ pages: 50, slowFraction: 0.2, slowDelayMs: 60, failingFraction: 0.04, missingLinks: 1 }),
        PlatformEmulator.start(),
    ]);
});

afterAll(async () => {
    await Promise.all([site?.close(), emulator?.close()]);
});

it('puts what a crawl does on the wire through the real apify-client, one PUT per message', async () => {
    const transport = new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url });
    const reporter = new ProgressReporter({ transport, intervalSecs: 0.1 });
    const crawler = createCrawler('cheerio', { maxConcurrency: 4 });
    await runAttached(reporter, crawler, [site.startUrl]);
    const { requestsFinished, requestsFailed } = crawler.stats.state;
    const handled = requestsFinished + requestsFailed;
    expect(emulator.run.statusMessage).toMatch(
        progressAtAnySpeed(`${requestsFinished} of ${handled} pages done (100%) · ${requestsFailed} failed`),
    );
    expect(emulator.run.isStatusMessageTerminal).toBe(false);

    expect(await reporter.finish()).toBe('delivered');
    const messages = emulator.statusMessages();
    expect(messages.at(-1)).toMatchObject({
        message: expect.stringMatching(new RegExp(`^Finished: ${requestsFinished} of ${handled} pages done`)),
        terminal: true,
    });
    expect(messages.filter((record) => record.terminal)).toHaveLength(1);
    for (const wording of CRAWLEE_WORDINGS) {
        expect(messages.filter((record) => record.message.includes(wording))).toEqual([]);
    }
    const counts = messages.map((record) => parseProgress(record.message)).filter((p) => p !== undefined);
    for (const [i, p] of counts.entries()) expect(p.done).toBeGreaterThanOrEqual(counts[i - 1]?.done ?? 0);
    expect(emulator.timeline.filter((entry) => entry.method !== 'PUT')).toEqual([]);
    expect(reporter.callCount).toBe(emulator.timeline.length);
});
