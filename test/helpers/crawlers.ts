import {
    BasicCrawler,
    type BasicCrawlerOptions,
    CheerioCrawler,
    Configuration,
    HttpCrawler,
    LogLevel,
    log,
} from 'crawlee';
import { ProgressReporter, type ProgressReporterOptions, RecordingTransport } from '../../src/index.js';

// Crawlee's own lines would drown the test report.
log.setLevel(LogLevel.OFF);

export type CrawlerKind = 'basic' | 'cheerio' | 'http';

/** What every test crawler shares: few retries, no waiting, its own in-memory storage. */
export interface TestCrawlerOptions
    extends Pick<
        BasicCrawlerOptions,
        'maxRequestsPerCrawl' | 'maxConcurrency' | 'statusMessageLoggingInterval' | 'statusMessageCallback'
    > {
    /** Called at the start of each request handler. */
    onRequest?: () => void | Promise<void>;
}

const LINK = /href="([^"]+)"/g;

/** Links of a page, as absolute URLs; what enqueueLinks would find with a same-hostname strategy. */
export function linksIn(html: string, base: string): string[] {
    const host = new URL(base).host;
    const urls: string[] = [];
    for (const match of html.matchAll(LINK)) {
        const href = match[1];
        if (!href) continue;
        const url = new URL(href, base);
        if (url.host === host) urls.push(url.href);
    }
    return urls;
}

function commonOptions(options: TestCrawlerOptions) {
    const { onRequest: _, ...rest } = options;
    const maxConcurrency = rest.maxConcurrency ?? 8;
    return {
        ...rest,
        maxConcurrency,
        maxRequestRetries: 1,
        autoscaledPoolOptions: { desiredConcurrency: maxConcurrency },
    };
}

/** Each crawler gets a Configuration of its own (in-memory, nothing persisted): no shared queues or statistics. */
const isolatedConfig = () => new Configuration({ persistStorage: false, purgeOnStart: true });

function cheerioCrawler(options: TestCrawlerOptions) {
    return new CheerioCrawler(
        {
            ...commonOptions(options),
            async requestHandler({ enqueueLinks }) {
                await options.onRequest?.();
                await enqueueLinks();
            },
        },
        isolatedConfig(),
    );
}

function httpCrawler(options: TestCrawlerOptions) {
    return new HttpCrawler(
        {
            ...commonOptions(options),
            async requestHandler({ body, request, addRequests }) {
                await options.onRequest?.();
                await addRequests(linksIn(body.toString(), request.loadedUrl ?? request.url));
            },
        },
        isolatedConfig(),
    );
}

function basicCrawler(options: TestCrawlerOptions) {
    return new BasicCrawler(
        {
            ...commonOptions(options),
            async requestHandler({ request, addRequests }) {
                await options.onRequest?.();
                const response = await fetch(request.url);
                const html = await response.text();
                if (response.status >= 500) throw new Error(`${response.status} from ${request.url}`);
                await addRequests(linksIn(html, request.url));
            },
        },
        isolatedConfig(),
    );
}

export type AnyCrawler =
    | ReturnType<typeof cheerioCrawler>
    | ReturnType<typeof httpCrawler>
    | ReturnType<typeof basicCrawler>;

/** A crawler of the given kind that follows the site's links on its own host. */
export function createCrawler(kind: CrawlerKind, options: TestCrawlerOptions = {}): AnyCrawler {
    if (kind === 'cheerio') return cheerioCrawler(options);
    if (kind === 'http') return httpCrawler(options);
    return basicCrawler(options);
}

/** A reporter that records instead of posting, sending every change (no throttle) so tests see them all. */
export function recordingReporter(options: ProgressReporterOptions = {}) {
    const transport = new RecordingTransport();
    const warnings: string[] = [];
    const reporter = new ProgressReporter({
        transport,
        intervalSecs: 0,
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
        ...options,
    });
    return { reporter, transport, warnings };
}

/**
 * Runs `crawler` attached to `reporter` the way the README shows it (detach in `finally`), then
 * waits until the last progress message has landed.
 */
export async function runAttached(reporter: ProgressReporter, crawler: AnyCrawler, startUrls: string[]): Promise<void> {
    const detach = reporter.attach(crawler);
    try {
        await crawler.run(startUrls);
    } finally {
        detach();
    }
    await reporter.flush();
}

/** "12 of at least 30 pages done" -> { done: 12, total: 30, estimate: true }; undefined for other texts. */
export function parseProgress(message: string): { done: number; total: number; estimate: boolean } | undefined {
    const match = /^(?:Finished: )?([\d,]+) of (at least )?([\d,]+) /.exec(message);
    if (!match?.[1] || !match[3]) return undefined;
    const number = (text: string) => Number(text.replaceAll(',', ''));
    return { done: number(match[1]), total: number(match[3]), estimate: match[2] !== undefined };
}

/** Crawlee's own wordings, none of which may reach the run while a reporter is attached. */
export const CRAWLEE_WORDINGS = ['Starting the crawler', 'Crawled ', 'Finished! Total', 'Experiencing problems'];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A progress message as a crawl of any speed shows it: `expected` (its counts and failures), then
 * the rate ("· 587/min") and the time left ("· about 5 s left") when the crawl has run long enough
 * for them. A rate appears once a crawl has taken 5 s, which a busy machine decides, not the test.
 */
export function progressAtAnySpeed(expected: string): RegExp {
    return new RegExp(`^${escapeRegExp(expected)}(?: · [\\d,.]+/min)?(?: · about [\\w ]+ left)?$`);
}
