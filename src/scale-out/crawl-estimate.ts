import type { CrawlReading } from '../counting/shared-queue-figures.js';

/** One answer of the queue, with what this run had counted itself when it arrived. */
export interface QueueReading {
    handled: number;
    total: number;
    /** The requests this run had started to mark handled when the answer arrived (see `HandledMarks`). */
    ownMarked: number;
    /** Crawlee's offline total of the queue when the answer arrived. */
    ownTotal: number;
}

/** This run's own counts now. */
interface OwnCounts {
    /** Requests its crawlers counted handled (Crawlee's statistics, restored after a restart). */
    handled: number;
    /** Requests it has started to mark handled in the queue since it began watching it. */
    marked: number;
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
 * The whole crawl now, a lower bound: max(API, local estimate), as both Apify SDKs show it.
 *
 * - API: the last answer of the queue plus the requests this run started to mark handled after it
 *   arrived: those cannot be in it. Counted by the marks, not by Crawlee's statistics: Crawlee marks a
 *   request handled before it counts it, so a request marked before the answer and counted after it is
 *   in the answer already (counting it again made a worker's figure one page too high, and a figure
 *   never goes back). Requests this run added since the answer are not added to its total (a batch
 *   add can be in the answer before its own answer reached the client): the next answer has them.
 * - Local: what this run alone has handled, and the requests its client knows of. The answer can hold
 *   less: a request this run handled while the GET was on the way may be in neither the answer (the API
 *   counted before it) nor what was marked after it; and the API's counts lag a few seconds. So the
 *   whole crawl is never shown below this run's own share.
 *
 * Pure.
 */
export function estimateCrawl(reading: QueueReading, own: OwnCounts): CrawlReading {
    const addedSince = Math.max(0, own.total - reading.ownTotal);
    const handled = Math.max(reading.handled + Math.max(0, own.marked - reading.ownMarked), own.handled);
    const total = Math.max(reading.total, own.total, handled);
    const drained = reading.total > 0 && reading.handled >= reading.total && addedSince === 0;
    return { handled, total, drained };
}

/**
 * How early, as a share of the interval, a read may come after the last one. The gate is asked on a
 * timer of the same interval, and a timer's tick is not exact on the wall clock: with
 * `setInterval(fn, 50)`, `Date.now()` saw 49 ms between ticks 6 times in 200. Asked for exactly one
 * interval, such a tick would skip its read and the figures would wait a whole interval more.
 */
const READ_SLACK = 0.1;

/**
 * When the queue may be read: never while a read is on the way, and at most once per interval (give or
 * take the timer's jitter, `READ_SLACK`), so a worker costs at most one queue GET per tick of its
 * interval timer (besides the one read that settles its terminal message). Time is passed in.
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
        if (this.#inFlight) return false;
        return this.#lastStartedAt === undefined || now - this.#lastStartedAt >= this.#intervalMs * (1 - READ_SLACK);
    }

    started(now: number): void {
        this.#inFlight = true;
        this.#lastStartedAt = now;
    }

    finished(): void {
        this.#inFlight = false;
    }
}
