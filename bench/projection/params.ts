import type { CrawlDiscovery } from '../../src/counting/projected-end.js';

export interface ProjectionParams {
    /** Names of the shapes this child crawls, one after another. */
    shapes: string[];
    /** How long each page takes to answer, ms. */
    delayMs: number;
    /** The crawler's fixed concurrency (min = max), so its pace is steady. */
    concurrency: number;
    /** How often the reporter's snapshot is read, ms. */
    sampleEveryMs: number;
}

/** One reading of the reporter's snapshot during a crawl. */
export interface Sample {
    /** ms since the crawl started. */
    t: number;
    handled: number;
    total: number | null;
    totalIsEstimate: boolean;
    projectedTotal: number | null;
    projectedSecondsLeft: number | null;
    ratePerMinute: number | null;
    /** What the crawl's links had said by then, as the reporter got it: recorded for replaying the estimator. */
    discovery: CrawlDiscovery | null;
}

export interface ShapeTrace {
    shape: string;
    samples: Sample[];
    /** Requests handled in all: the final count the figures are judged against. */
    final: number;
    /** ms from the crawl's start to the end of its run(). */
    endedAt: number;
}
