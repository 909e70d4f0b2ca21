import { isCount } from '../counting/count.js';
import type { CrawlerLike } from '../crawlee/crawler-shape.js';

/** What a request queue's `getInfo()` (and `GET /v2/request-queues/:id`) answers, as far as used here. */
interface QueueInfo {
    totalRequestCount?: unknown;
    handledRequestCount?: unknown;
}

/** A Crawlee request queue, described by shape (crawlee is an optional peer): read defensively. */
export interface QueueLike {
    readonly id?: unknown;
    readonly name?: unknown;
    /** The storage client: apify-client's on the platform (or with `forceCloud`), Crawlee's memory storage locally. */
    readonly client?: unknown;
    getInfo?(): Promise<QueueInfo | undefined>;
    /** Crawlee's offline count: requests in the queue when it was opened plus those this client added. */
    getTotalCount?(): unknown;
    /** Marks a request handled in the queue (Crawlee calls it before counting the request in its statistics). */
    markRequestHandled?(request: unknown): unknown;
}

/** The queue a crawler works on: the one it was given (`requestQueue`), or the one it opened in run(). */
export function queueOf(crawler: CrawlerLike): QueueLike | undefined {
    const queue = (crawler as { requestQueue?: unknown }).requestQueue;
    if (typeof queue !== 'object' || queue === null) return undefined;
    return typeof (queue as QueueLike).id === 'string' ? (queue as QueueLike) : undefined;
}

export function queueId(queue: QueueLike): string {
    return String(queue.id);
}

/** Requests this run's crawlers have handled, succeeded or failed for good (restored after a restart). */
export function handledBy(crawlers: Iterable<CrawlerLike>): number {
    let handled = 0;
    for (const crawler of crawlers) {
        const { requestsFinished, requestsFailed } = crawler.stats.state;
        handled += (isCount(requestsFinished) ? requestsFinished : 0) + (isCount(requestsFailed) ? requestsFailed : 0);
    }
    return handled;
}

/** Crawlee's offline total of the queue (grows with every new request this client adds); 0 when it has none. */
export function offlineTotal(queue: QueueLike): number {
    try {
        const total = queue.getTotalCount?.();
        return isCount(total) ? total : 0;
    } catch {
        return 0;
    }
}

/**
 * True when the queue lives on the platform: its storage client is apify-client's (the SDK at home, or
 * `forceCloud`), which has a URL and an HTTP client; Crawlee's memory storage has neither.
 */
export function isPlatformQueue(queue: QueueLike): boolean {
    const client = queue.client as { url?: unknown; httpClient?: unknown } | undefined;
    return typeof client?.url === 'string' && typeof client.httpClient === 'object' && client.httpClient !== null;
}
