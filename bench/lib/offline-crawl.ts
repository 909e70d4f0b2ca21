import { BasicCrawler, type BasicCrawlingContext, log, RequestList } from 'crawlee';
import { ProgressReporter, type ProgressReporterOptions, RecordingTransport } from '../../src/index.js';
import { localCrawlerConfig } from './crawler-config.js';

const silent = { info: () => undefined, warning: () => undefined };

/** URLs that are never fetched: the request handler does nothing, so the crawl runs fully offline. */
export function offlineUrls(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `http://example.invalid/${i}`);
}

/** A reporter that sends nowhere, keeps no handlers on the process, and logs nothing; `options` add to that. */
export function quietReporter(options: ProgressReporterOptions = {}): ProgressReporter {
    return new ProgressReporter({
        transport: new RecordingTransport(),
        handleExit: false,
        persistStateKey: false,
        log: silent,
        ...options,
    });
}

export interface OfflineCrawl {
    crawler: BasicCrawler;
    reporter: ProgressReporter | undefined;
}

/** What the handler does besides nothing: save an item per request, fail every `failEvery`-th request. */
export interface CrawlWork {
    saveItems?: boolean;
    failEvery?: number;
}

/** The handler of the offline crawls: a no-op, or one that saves an item and fails some requests. */
function handlerFor(work: CrawlWork): (context: BasicCrawlingContext) => Promise<void> {
    if (!work.saveItems && !work.failEvery) return async () => undefined;
    let count = 0;
    return async ({ pushData }) => {
        count++;
        if (work.failEvery && count % work.failEvery === 0) throw new TypeError('a bug in the handler');
        if (work.saveItems) await pushData({ n: count });
    };
}

/**
 * A fresh offline BasicCrawler over `urls` with a no-op handler (or one doing `work`), in-memory
 * storage and a high concurrency, optionally with a reporter attached; runs it to the end.
 */
export async function runOfflineCrawl(
    urls: readonly string[],
    withReporter: boolean,
    work: CrawlWork = {},
): Promise<OfflineCrawl> {
    log.setLevel(log.LEVELS.OFF);
    const requestList = await RequestList.open(null, [...urls]);
    const crawler = new BasicCrawler(
        {
            requestList,
            maxConcurrency: 50,
            autoscaledPoolOptions: { maybeRunIntervalSecs: 0.005 },
            statusMessageLoggingInterval: 3_600,
            maxRequestRetries: 0,
            requestHandler: handlerFor(work),
        },
        localCrawlerConfig(),
    );
    crawler.log.setLevel(log.LEVELS.OFF);
    const reporter = withReporter ? quietReporter() : undefined;
    const detach = reporter?.attach(crawler);
    await crawler.run();
    detach?.();
    await reporter?.finish();
    return { crawler, reporter };
}
