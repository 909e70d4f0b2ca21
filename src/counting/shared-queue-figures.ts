/**
 * A crawl that several runs share through one request queue, as one of its workers sees it. The
 * worker's own share is the snapshot's `done` / `failed`; this is the whole crawl. Plain data.
 */
export interface SharedQueueProgress {
    /** The queue's id, so that a parent can tell runs of one crawl from independent ones. */
    queueId: string | undefined;
    /** How many runs share the queue, when the author said so (the `sharedQueue.runs` option). */
    runs: number | undefined;
    /**
     * Requests handled by every run (succeeded, failed for good, skipped), at least this many.
     * Undefined until the queue has been read: until then nothing is claimed about the whole crawl.
     */
    handled: number | undefined;
    /** Requests in the queue, handled or not, at least this many; undefined until read. */
    total: number | undefined;
    /** True while the queue still has requests to handle: the crawl can still find more. */
    totalIsEstimate: boolean;
}

/** What one reading of the queue (with what this run did since) says about the whole crawl. */
export interface CrawlReading {
    handled: number;
    total: number;
    /** The queue had nothing left to handle, and this run has added nothing since. */
    drained: boolean;
}

/**
 * Takes a new reading into the figures shown so far. The counts never go backwards (a queue's counts
 * lag a few seconds, and a restarted worker must not show less than before), and the total is firm
 * only when the queue was drained and everything counted is handled.
 */
export function mergeCrawlReading(
    previous: Pick<SharedQueueProgress, 'handled' | 'total'> | undefined,
    reading: CrawlReading,
): Pick<SharedQueueProgress, 'handled' | 'total' | 'totalIsEstimate'> {
    const handled = Math.max(previous?.handled ?? 0, reading.handled);
    const total = Math.max(previous?.total ?? 0, reading.total, handled);
    return { handled, total, totalIsEstimate: !(reading.drained && handled >= total) };
}

/** Whether two sets of figures would read the same: a new message is needed only when they do not. */
export function sameSharedQueue(a: SharedQueueProgress | undefined, b: SharedQueueProgress | undefined): boolean {
    if (a === undefined || b === undefined) return a === b;
    return (
        a.queueId === b.queueId &&
        a.runs === b.runs &&
        a.handled === b.handled &&
        a.total === b.total &&
        a.totalIsEstimate === b.totalIsEstimate
    );
}
