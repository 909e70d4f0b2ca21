import type { SiteShape } from '../../bench/projection/shapes.js';
import { type DiscoveryReading, LinkSample } from '../../src/counting/link-sample.js';

/** Where a simulated crawl stands after a page: what a reporter would read. */
export interface CrawlReading {
    handled: number;
    known: number;
    discovery: DiscoveryReading;
}

/**
 * Crawls `site` breadth-first in memory, as Crawlee's queue does (first found, first crawled), feeding a
 * `LinkSample` with each link as the queue would answer it, and returns a reading after every page. No
 * network, no clock: for the projection's unit tests.
 */
export function crawlInMemory(site: SiteShape): CrawlReading[] {
    const sample = new LinkSample();
    const known = new Set<number>();
    const queue: number[] = [];
    const cap = site.cap ?? Number.POSITIVE_INFINITY;
    const name = (page: number) => `http://site.test${site.paths[page]}`;
    const link = (page: number) => {
        const wasKnown = known.has(page);
        if (!wasKnown && known.size >= cap) return; // Crawlee adds nothing past maxRequestsPerCrawl
        sample.add(name(page), wasKnown);
        if (wasKnown) return;
        known.add(page);
        queue.push(page);
    };
    for (const page of site.start) link(page);
    const readings: CrawlReading[] = [];
    for (let handled = 0; handled < queue.length; ) {
        const page = queue[handled++] as number;
        for (const to of site.links[page] ?? []) link(to);
        readings.push({ handled, known: known.size, discovery: sample.read() });
    }
    return readings;
}
