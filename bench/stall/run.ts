/**
 * A crawl that stalls for a minute: every concurrency slot waits on a page that takes 65 s. What
 * does a minute of no progress cost in API calls, and what does the Console say meanwhile?
 * Baseline in the same run: Crawlee's own status messages (10 s timer, its default).
 */
import { PlatformEmulator } from '@actor-progress/emulator';
import { runChild } from '../lib/child.js';
import { startPageSite } from '../lib/site.js';
import { renderTable } from '../lib/table.js';
import type { CrawlParams, CrawlResult, Mode } from '../messages/params.js';

const PAGES = 40;
const CONCURRENCY = 4;
const PAGE_DELAY_MS = 50;
const STALL = { from: 20, count: CONCURRENCY, delayMs: 65_000 };
const INTERVAL_SECS = 5;

interface Measured {
    label: string;
    stallSecs: number;
    calls: number;
    said: string[];
}

/** The longest stretch of the crawl with no request handled: [from, to] in ms since the epoch. */
function longestStall(samples: readonly [number, number][]): [number, number] {
    let best: [number, number] = [0, 0];
    let start = samples[0]?.[0] ?? 0;
    for (let i = 1; i < samples.length; i++) {
        const [at, handled] = samples[i] as [number, number];
        const before = (samples[i - 1] as [number, number])[1];
        if (handled !== before) {
            const previous = (samples[i - 1] as [number, number])[0];
            if (previous - start > best[1] - best[0]) best = [start, previous];
            start = at;
        }
    }
    return best;
}

async function measure(label: string, mode: Mode): Promise<Measured> {
    const emulator = await PlatformEmulator.start();
    const site = await startPageSite({ delayMs: PAGE_DELAY_MS, stall: STALL });
    try {
        const params: CrawlParams = {
            mode,
            urls: site.pageUrls(PAGES),
            maxConcurrency: CONCURRENCY,
            intervalSecs: INTERVAL_SECS,
            crawleeIntervalSecs: 10,
            sampleEveryMs: 100,
            requestHandlerTimeoutSecs: 120,
        };
        // The emulator's clock starts with it; the child's samples are in Date.now().
        const emulatorStartedAt = Date.now();
        const child = await runChild<CrawlResult>('messages/crawl-child.ts', params, {
            env: { ...emulator.env(), APIFY_IS_AT_HOME: '1' },
            timeoutMs: 180_000,
        });
        if (!child.result) throw new Error(`stall child (${label}) wrote no result:\n${child.stderr}`);
        const [from, to] = longestStall(child.result.samples);
        // Calls made while nothing moved, the first second after the last request ended excluded.
        const inStall = emulator.timeline.filter((entry) => {
            const at = emulatorStartedAt + entry.receivedAt;
            return entry.method === 'PUT' && at > from + 1_000 && at <= to;
        });
        return {
            label,
            stallSecs: Math.round((to - from) / 1000),
            calls: inStall.length,
            said: inStall.map((entry) => entry.statusMessage ?? ''),
        };
    } finally {
        await site.close();
        await emulator.close();
    }
}

export async function runStallBenchmark(): Promise<string> {
    const rows = [
        await measure("Crawlee's own messages, 10 s (default)", 'crawlee'),
        await measure(`actor-progress, ${INTERVAL_SECS} s (default)`, 'progress'),
    ];
    return renderTable({
        title: `9. A stall: ${PAGES} local pages, ${CONCURRENCY} at a time, every slot waiting ${STALL.delayMs / 1000} s on a slow page`,
        headers: ['Reporting', 'Stall s', 'PUTs during the stall', 'What they said'],
        rows: rows.map((r) => [r.label, r.stallSecs, r.calls, [...new Set(r.said)].map((t) => `"${t}"`).join(', ')]),
        notes: [
            'Same child and setup as table 1 (the real SDK with `APIFY_IS_AT_HOME=1` against the emulator). PUTs counted from 1 s after the last request before the stall ended to the first one after it.',
            'actor-progress keeps the rate as it was while nothing moves and says "no progress for 1 min" once; the issue\'s bar: a 60 s stall costs at most 3 calls.',
        ],
    });
}
