/**
 * One crawl as an Actor on the platform runs it: the real SDK with APIFY_IS_AT_HOME=1 against the
 * emulator (status messages, events websocket), the crawler's requests in local memory.
 */
import { Actor, log } from 'apify';
import { BasicCrawler } from 'crawlee';
import { ProgressReporter } from '../../src/index.js';
import { canAttach, tryAttach } from '../lib/attach.js';
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
          new ProgressReporter({ unit: 'pages', total, intervalSecs: params.intervalSecs, persistStateKey: false })
        : undefined;

// The crawler's own messages go where the platform sends them, unless actor-progress counts by hand
// (no attach() to take them over): a second writer is not what this row compares.
const forwardCrawleeMessages = reporter === undefined || canAttach(reporter);
const config = localCrawlerConfig(
    forwardCrawleeMessages ? (message, options) => Actor.apifyClient.setStatusMessage(message, options) : undefined,
);
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
            if (reporter && !attached) reporter.advance();
        },
    },
    config,
);
const detach = reporter ? tryAttach(reporter, crawler) : undefined;
const attached = detach !== undefined;

const crawlStartedAt = Date.now();
samples.push([crawlStartedAt, 0]);
await crawler.run(params.urls);
const crawlEndedAt = Date.now();
detach?.();

const exitStartedAt = Date.now();
samples.push([exitStartedAt, handled]);
clearInterval(sampler);
const result: CrawlResult = { samples, crawlStartedAt, crawlEndedAt, exitStartedAt, attached };
writeResult(result);
if (params.mode === 'naive') {
    await Actor.exit(`Finished: crawled ${handled} of ${total} pages`);
} else {
    await reporter?.finish();
    await Actor.exit();
}
