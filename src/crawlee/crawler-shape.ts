import { isCount } from '../counting/count.js';
import { describeValue } from '../shared/value-description.js';

/**
 * The parts of a Crawlee crawler the reporter uses, described by shape rather than imported:
 * crawlee is an optional peer dependency, so nothing here may load it at run time, and the
 * published types must not make a project without crawlee fail to compile.
 * Every `BasicCrawler` (Cheerio, Http, JSDOM, Playwright, Puppeteer, ...) fits.
 */

/** The counters of Crawlee's `Statistics#state` the reporter reads. */
export interface CrawlerStatisticsState {
    requestsFinished: number;
    requestsFailed: number;
    requestsRetries: number;
}

/** Options of Crawlee's `crawler.setStatusMessage()` (`SetStatusMessageOptions`). */
export interface CrawlerStatusMessageOptions {
    isStatusMessageTerminal?: boolean;
    level?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
}

/** A Crawlee crawler, as far as `reporter.attach()` is concerned. */
export interface CrawlerLike {
    readonly stats: {
        state: CrawlerStatisticsState;
        finishJob(id: number | string, retryCount: number): void;
        failJob(id: number | string, retryCount: number): void;
    };
    setStatusMessage(message: string, options?: CrawlerStatusMessageOptions): Promise<void>;
    run(...args: never[]): Promise<unknown>;
}

/** Members Crawlee declares protected (or that older 3.x versions had instead): read defensively. */
interface CrawlerInternals {
    running?: unknown;
    maxRequestsPerCrawl?: unknown;
    requestManager?: { getPendingCount?: () => unknown };
    requestQueue?: { getPendingCount?: () => unknown };
    requestList?: { length?: () => unknown; handledCount?: () => unknown };
    log?: { info?: (message: string) => void; debug?: (message: string) => void };
}

/**
 * Checks at run time that `value` is a Crawlee crawler, and says what is missing when it is not:
 * the usual mistakes are passing the crawler's options, a router, or a crawler class instead of an instance.
 */
export function assertCrawler(value: unknown): asserts value is CrawlerLike {
    const problem = (what: string) =>
        new TypeError(
            `actor-progress: attach() needs a Crawlee crawler instance (a BasicCrawler, CheerioCrawler, PlaywrightCrawler, ...), got ${describeValue(value)}: ${what}.`,
        );
    if (typeof value === 'function') throw problem('pass an instance, e.g. `new CheerioCrawler({...})`');
    if (typeof value !== 'object' || value === null) throw problem('not an object');
    const candidate = value as Partial<Record<keyof CrawlerLike, unknown>>;
    if (typeof candidate.run !== 'function') throw problem('it has no run() method');
    if (typeof candidate.setStatusMessage !== 'function') throw problem('it has no setStatusMessage() method');
    const stats = candidate.stats as Partial<Record<'state' | 'finishJob' | 'failJob', unknown>> | undefined;
    if (typeof stats !== 'object' || stats === null) throw problem('it has no `stats` (Crawlee statistics)');
    if (typeof stats.finishJob !== 'function' || typeof stats.failJob !== 'function') {
        throw problem('its `stats` has no finishJob()/failJob()');
    }
    if (typeof stats.state !== 'object' || stats.state === null) throw problem('its `stats` has no `state`');
}

const internals = (crawler: CrawlerLike) => crawler as unknown as CrawlerInternals;

function asCount(value: unknown): number | undefined {
    return isCount(value) ? value : undefined;
}

/** True while the crawler's `run()` is going on. */
export function isRunning(crawler: CrawlerLike): boolean {
    return internals(crawler).running === true;
}

/** `maxRequestsPerCrawl`, when set; Crawlee treats 0 as "no limit" too. */
export function requestCap(crawler: CrawlerLike): number | undefined {
    const cap = asCount(internals(crawler).maxRequestsPerCrawl);
    return cap === undefined || cap === 0 ? undefined : cap;
}

/** The object that holds the crawler's pending requests, to tell whether two crawlers share a queue. */
export function requestSource(crawler: CrawlerLike): object | undefined {
    const { requestManager, requestQueue, requestList } = internals(crawler);
    return requestManager ?? requestQueue ?? requestList;
}

/**
 * Requests found but not yet handled (in progress and waiting for a retry included), from the
 * request manager's offline counts: cheap, no storage call. Crawlee >= 3.13 has a `requestManager`;
 * earlier 3.x versions a `requestQueue` and/or a `requestList`. 0 when nothing can be told.
 */
export function pendingRequests(crawler: CrawlerLike): number {
    const { requestManager, requestQueue, requestList } = internals(crawler);
    try {
        if (requestManager) return asCount(requestManager.getPendingCount?.()) ?? 0;
        const queued = asCount(requestQueue?.getPendingCount?.()) ?? 0;
        const listed = (asCount(requestList?.length?.()) ?? 0) - (asCount(requestList?.handledCount?.()) ?? 0);
        return queued + Math.max(0, listed);
    } catch {
        return 0; // a storage in a bad state must not break the crawl over a progress figure
    }
}

/** The crawler's own logger, used to keep its status lines in the log while they are not sent. */
export function crawlerLog(crawler: CrawlerLike): CrawlerInternals['log'] {
    return internals(crawler).log;
}
