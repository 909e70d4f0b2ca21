import type { CrawlReading } from '../counting/shared-queue-figures.js';

/** One answer of the queue, with what this run had counted itself when it arrived. */
export interface QueueReading {
    handled: number;
    total: number;
    /** This run's handled requests when the answer arrived. */
    ownHandled: number;
    /** Crawlee's offline total of the queue when the answer arrived. */
    ownTotal: number;
}

/** This run's own counts now. */
export interface OwnCounts {
    handled: number;
    total: number;
}

/** A queue answer as counts; the API's `pendingRequestCount` can be negative (a known bug), so it is not used. */
export function parseQueueInfo(
    info: { totalRequestCount?: unknown; handledRequestCount?: unknown } | undefined,
): { handled: number; total: number } | undefined {
    const total = info?.totalRequestCount;
    const handled = info?.handledRequestCount;
    if (typeof total !== 'number' || typeof handled !== 'number' || !(total >= 0) || !(handled >= 0)) return undefined;
    return { handled, total: Math.max(total, handled) };
}

/**
 * The whole crawl now: the last answer of the queue plus what this run has done since (its own handles
 * and the new requests it added). Both SDKs show max(API, local estimate); this is that, since what
 * this run did after the answer arrived cannot be in it. Counted from the answer's arrival, so that
 * nothing is counted twice: a lower bound, even when the API's counts lag. Pure.
 */
export function estimateCrawl(reading: QueueReading, own: OwnCounts): CrawlReading {
    const addedSince = Math.max(0, own.total - reading.ownTotal);
    const handled = reading.handled + Math.max(0, own.handled - reading.ownHandled);
    const total = Math.max(reading.total + addedSince, handled);
    const drained = reading.total > 0 && reading.handled >= reading.total && addedSince === 0;
    return { handled, total, drained };
}

/**
 * When the queue may be read: never while a read is on the way, and at most once per interval, so a
 * worker costs at most one queue GET per interval (besides the one read that settles its terminal
 * message). Time is passed in.
 */
export class ReadGate {
    readonly #intervalMs: number;
    #lastStartedAt: number | undefined;
    #inFlight = false;

    constructor(intervalMs: number) {
        this.#intervalMs = intervalMs;
    }

    get inFlight(): boolean {
        return this.#inFlight;
    }

    mayRead(now: number): boolean {
        return !this.#inFlight && (this.#lastStartedAt === undefined || now - this.#lastStartedAt >= this.#intervalMs);
    }

    started(now: number): void {
        this.#inFlight = true;
        this.#lastStartedAt = now;
    }

    finished(): void {
        this.#inFlight = false;
    }
}
