/**
 * One crawl as an Actor on the platform runs it: the real SDK with APIFY_IS_AT_HOME=1 against the
 * emulator (status messages, events websocket), the crawler's requests in local memory.
 */
import { Actor, log } from 'apify';
import { BasicCrawler } from 'crawlee';
import { ProgressReporter } from '../../src/index.js';
import { readParams, writeResult } from '../lib/child-io.js';
import { localCrawlerConfig } from '../lib/crawler-config.js';
import type { CrawlParams, CrawlResult } from './params.js';

const params = readParams<CrawlParams>();
const total = params.urls.length;
log.setLevel(log.LEVELS.WARNING);
await Actor.init();

let handled = 0;
const samples: [number, number][] = [];
const sampler = setInterval(() => samples.push([Date.now(), handled]), params.sampleEveryMs);

const reporter =
    params.mode === 'progress'
        ? // The emulator serves no storages, so progress is not saved in the key-value store.
          new ProgressReporter({
              unit: 'pages',
              total,
              intervalSecs: params.intervalSecs,
              persistStateKey: false,
              progressRecord: false,
          })
        : undefined;

// The crawler's own messages go where the platform sends them (in mode 'progress', attach() takes them over).
const config = localCrawlerConfig((message, options) => Actor.apifyClient.setStatusMessage(message, options));
const crawler = new BasicCrawler(
    {
        // A fixed pace (no autoscaling ramp-up), so that every row crawls the same way.
        minConcurrency: params.maxConcurrency,
        maxConcurrency: params.maxConcurrency,
        statusMessageLoggingInterval: params.crawleeIntervalSecs,
        requestHandler: async ({ request }) => {
            const response = await fetch(request.url);
            await response.text();
            handled++;
            if (params.mode === 'naive') await Actor.setStatusMessage(`Crawled ${handled} of ${total} pages`);
        },
    },
    config,
);
const detach = reporter?.attach(crawler);

const crawlStartedAt = Date.now();
samples.push([crawlStartedAt, 0]);
await crawler.run(params.urls);
const crawlEndedAt = Date.now();
detach?.();

const exitStartedAt = Date.now();
samples.push([exitStartedAt, handled]);
clearInterval(sampler);
const result: CrawlResult = { samples, crawlStartedAt, crawlEndedAt, exitStartedAt };
writeResult(result);
if (params.mode === 'naive') {
    await Actor.exit(`Finished: crawled ${handled} of ${total} pages`);
} else {
    await reporter?.finish();
    await Actor.exit();
}
