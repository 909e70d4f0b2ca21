import { CheerioCrawler, type RequestQueue } from 'crawlee';
import { chargeForPage } from './charging.js';
import type { CrawlerInput } from './input.js';

/**
 * A CheerioCrawler that stores each page's title and follows links on the same host, through
 * `requestQueue` when given (a queue other runs share), else its own default queue.
 * On a pay-per-event run it charges one event per page and stops at the user's maximum charge.
 * Nothing in it knows about progress reporting: `reporter.attach()` does that from outside.
 */
export function createCrawler(input: CrawlerInput, requestQueue?: RequestQueue): CheerioCrawler {
    return new CheerioCrawler({
        ...(requestQueue === undefined ? {} : { requestQueue }),
        maxRequestsPerCrawl: input.maxRequestsPerCrawl,
        maxConcurrency: input.maxConcurrency,
        // Start at full concurrency: the autoscaler would otherwise take minutes to get there.
        autoscaledPoolOptions: { desiredConcurrency: input.maxConcurrency },
        maxRequestRetries: 2,
        async requestHandler({ request, $, enqueueLinks, pushData, crawler }) {
            await pushData({ url: request.loadedUrl ?? request.url, title: $('title').text().trim() });
            // The default strategy keeps the crawl on the same hostname.
            await enqueueLinks();
            await chargeForPage(crawler);
        },
    });
}
