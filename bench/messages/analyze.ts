import type { TimelineEntry } from '@actor-progress/emulator';
import type { CrawlResult } from './params.js';

export interface MessageMetrics {
    puts: number;
    gets: number;
    /** PUTs whose message equals the one PUT just before it. */
    duplicates: number;
    /** PUTs after a terminal message had been accepted. */
    afterTerminal: number;
    /** Longest time the Console showed a count that was already out of date, in ms. */
    maxLagMs: number;
    crawlSecs: number;
    terminal: string | undefined;
    /** The last message the Console shows. */
    lastShown: string | undefined;
    /** What the Console showed, one "+1.2s  [terminal] text" line per accepted PUT, timed from the crawl's start. */
    shownLines: string[];
}

/**
 * The count a message shows: Crawlee's "Crawled X/Y pages" and "Finished! Total N requests",
 * otherwise the first number in it ("1,204 of 3,000 pages done"); 0 for none ("Starting the crawler.").
 */
export function shownCount(message: string | undefined): number {
    if (message === undefined) return 0;
    const match = /Crawled (\d+)/.exec(message) ?? /Total (\d+) requests/.exec(message) ?? /\d[\d,]*/.exec(message);
    const digits = match ? (match[1] ?? match[0]) : undefined;
    return digits === undefined ? 0 : Number(digits.replaceAll(',', ''));
}

/**
 * For every sample: if the true count is ahead of the shown one, how long it has been ahead, i.e. since
 * the first sample whose true count exceeded the shown count; else 0. Samples are in time order.
 */
export function lagSeries(
    samples: readonly [number, number][],
    shown: readonly { at: number; count: number }[],
): number[] {
    const lags: number[] = [];
    let shownIndex = -1;
    for (const [at, count] of samples) {
        while (shownIndex + 1 < shown.length && (shown[shownIndex + 1] as { at: number }).at <= at) shownIndex++;
        const shownNow = shownIndex >= 0 ? (shown[shownIndex] as { count: number }).count : 0;
        const since = count > shownNow ? samples.find(([, c]) => c > shownNow) : undefined;
        lags.push(since ? at - since[0] : 0);
    }
    return lags;
}

/** The longest time the shown count was out of date, in ms. */
export function maxLag(samples: readonly [number, number][], shown: readonly { at: number; count: number }[]): number {
    return Math.max(0, ...lagSeries(samples, shown));
}

export function analyze(timeline: readonly TimelineEntry[], run: CrawlResult): MessageMetrics {
    // Requests to the run only: the SDK at home may also try the (unserved) storages.
    const runCalls = timeline.filter(
        (entry) => entry.path.startsWith('/v2/actor-runs/') && !entry.path.endsWith('/events'),
    );
    const during = runCalls.filter((entry) => Date.parse(entry.time) >= run.crawlStartedAt);
    const puts = during.filter((entry) => entry.method === 'PUT');
    let duplicates = 0;
    for (let i = 1; i < puts.length; i++) {
        if (puts[i]?.statusMessage !== undefined && puts[i]?.statusMessage === puts[i - 1]?.statusMessage) duplicates++;
    }
    const accepted = runCalls.filter(
        (entry) => entry.method === 'PUT' && entry.status === 200 && entry.statusMessage !== undefined,
    );
    const shown = accepted.map((entry) => ({ at: Date.parse(entry.time), count: shownCount(entry.statusMessage) }));
    const terminal = accepted.find((entry) => entry.isStatusMessageTerminal === true);
    return {
        puts: puts.length,
        gets: during.filter((entry) => entry.method === 'GET').length,
        duplicates,
        afterTerminal: runCalls.filter((entry) => entry.afterTerminal).length,
        maxLagMs: maxLag(run.samples, shown),
        crawlSecs: (run.crawlEndedAt - run.crawlStartedAt) / 1000,
        terminal: terminal?.statusMessage,
        lastShown: accepted.at(-1)?.statusMessage,
        shownLines: accepted.map((entry) => {
            const secs = ((Date.parse(entry.time) - run.crawlStartedAt) / 1000).toFixed(1);
            return `+${secs}s  ${entry.isStatusMessageTerminal ? '[terminal] ' : ''}${entry.statusMessage}`;
        }),
    };
}
