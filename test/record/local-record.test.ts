import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// The local storage of this test, set before the SDK reads the environment.
const storageDir = vi.hoisted(() => {
    const { mkdtempSync } = require('node:fs') as typeof import('node:fs');
    const { tmpdir } = require('node:os') as typeof import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/actor-progress-record-`);
    process.env.CRAWLEE_STORAGE_DIR = dir;
    return dir;
});

import { Actor } from 'apify';
import { CheerioCrawler, log as crawleeLog, LogLevel } from 'crawlee';
import { type Site, startSite } from '../../examples/site/index.js';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { until } from '../helpers/http.js';

crawleeLog.setLevel(LogLevel.OFF);

let site: Site;
const recordPath = join(storageDir, 'key_value_stores', 'default', 'PROGRESS.json');

async function readRecord(): Promise<Record<string, unknown> | undefined> {
    try {
        return JSON.parse(await readFile(recordPath, 'utf8')) as Record<string, unknown>;
    } catch {
        return undefined; // not written yet, or being written
    }
}

beforeAll(async () => {
    site = await startSite({ pages: 30, slowFraction: 0.3, slowDelayMs: 80, failingFraction: 0.1, missingLinks: 0 });
});

afterAll(async () => {
    await site?.close();
});

it('lands in the local storage during the run, and ends as the final snapshot with the terminal message', async () => {
    const warnings: string[] = [];
    const log = { info: () => undefined, warning: (message: string) => warnings.push(message) };
    const transport = new RecordingTransport();
    const reporter = new ProgressReporter({
        transport,
        intervalSecs: 0,
        recordIntervalSecs: 0.2,
        handleExit: false,
        log,
    });

    // Before Actor.init() the record waits: opening the store now would cache the wrong one.
    reporter.advance(0);
    await reporter.flush();
    expect(await readRecord()).toBeUndefined();

    await Actor.init({ gracefulShutdown: false });
    const crawler = new CheerioCrawler({
        maxConcurrency: 2,
        maxRequestRetries: 0,
        async requestHandler({ request, $, enqueueLinks, pushData }) {
            await pushData({ url: request.url, title: $('title').text() });
            await enqueueLinks();
        },
    });
    const detach = reporter.attach(crawler);
    const running = crawler.run([site.startUrl]);
    // While the crawl goes on, the record says so.
    let during: Record<string, unknown> | undefined;
    const poll = setInterval(() => {
        void readRecord().then((record) => {
            if (record?.status === 'running') during = record;
        });
    }, 20);
    await until(() => during !== undefined, 'a record of the running crawl', 20_000);
    await running;
    clearInterval(poll);
    detach();

    expect(await reporter.finish()).toBe('delivered');
    const final = reporter.progressDocument();
    expect(final).toMatchObject({
        status: 'finished',
        done: crawler.stats.state.requestsFinished,
        failed: crawler.stats.state.requestsFailed,
        items: crawler.stats.state.requestsFinished,
        failures: [{ reason: 'HTTP 500', count: site.failing }],
        message: transport.messages.at(-1),
        terminal: true,
    });
    // The SDK writes files in the background: wait for the final one, then compare it whole.
    let last: Record<string, unknown> | undefined;
    const deadline = Date.now() + 10_000;
    while (last?.terminal !== true && Date.now() < deadline) {
        last = await readRecord();
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(last).toEqual(JSON.parse(JSON.stringify(final)));
    expect(await Actor.getValue('PROGRESS')).toEqual(last);
    expect(warnings).toEqual([]);
});
