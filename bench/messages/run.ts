import { PlatformEmulator } from '@actor-progress/emulator';
import { runChild } from '../lib/child.js';
import { startPageSite } from '../lib/site.js';
import { fixed } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import { analyze, type MessageMetrics } from './analyze.js';
import type { CrawlParams, CrawlResult, Mode } from './params.js';

const INTERVAL_SECS = 2;
const PAGES = 300;
const CONCURRENCY = 4;
const PAGE_DELAY_MS = 80;
/** Halfway, one page per concurrency slot hangs this long: a stall, as when a site slows down. */
const STALL = { from: PAGES / 2, count: CONCURRENCY, delayMs: 6_000 };

interface Scenario {
    label: string;
    mode: Mode;
    pages: number;
    delayMs: number;
    crawleeIntervalSecs: number;
    stall?: typeof STALL;
}

interface Measured extends MessageMetrics {
    scenario: Scenario;
    code: number | null;
}

async function measure(scenario: Scenario): Promise<Measured> {
    const emulator = await PlatformEmulator.start();
    const site = await startPageSite({
        delayMs: scenario.delayMs,
        ...(scenario.stall ? { stall: scenario.stall } : {}),
    });
    try {
        const params: CrawlParams = {
            mode: scenario.mode,
            urls: site.pageUrls(scenario.pages),
            maxConcurrency: CONCURRENCY,
            intervalSecs: INTERVAL_SECS,
            crawleeIntervalSecs: scenario.crawleeIntervalSecs,
            sampleEveryMs: 50,
        };
        const child = await runChild<CrawlResult>('messages/crawl-child.ts', params, {
            env: { ...emulator.env(), APIFY_IS_AT_HOME: '1' },
            timeoutMs: 120_000,
        });
        if (!child.result) throw new Error(`crawl child (${scenario.label}) wrote no result:\n${child.stderr}`);
        // Let requests still on the wire when the child exited be handled and recorded.
        await new Promise((resolve) => setTimeout(resolve, 200));
        return {
            ...analyze(emulator.timeline, child.result),
            scenario,
            code: child.code,
        };
    } finally {
        await site.close();
        await emulator.close();
    }
}

const quote = (text: string | undefined) => (text === undefined ? '-' : `"${text}"`);

export async function runMessagesBenchmark(): Promise<string> {
    const crawleeDefault = 10;
    const scenarios: Scenario[] = [
        {
            label: "(a) Crawlee's own messages, default 10 s",
            mode: 'crawlee',
            pages: PAGES,
            delayMs: PAGE_DELAY_MS,
            crawleeIntervalSecs: crawleeDefault,
            stall: STALL,
        },
        {
            label: `(a) Crawlee's own messages, ${INTERVAL_SECS} s`,
            mode: 'crawlee',
            pages: PAGES,
            delayMs: PAGE_DELAY_MS,
            crawleeIntervalSecs: INTERVAL_SECS,
            stall: STALL,
        },
        {
            label: '(b) naive Actor.setStatusMessage per page',
            mode: 'naive',
            pages: PAGES,
            delayMs: PAGE_DELAY_MS,
            crawleeIntervalSecs: crawleeDefault,
            stall: STALL,
        },
        {
            label: `(c) actor-progress, ${INTERVAL_SECS} s`,
            mode: 'progress',
            pages: PAGES,
            delayMs: PAGE_DELAY_MS,
            crawleeIntervalSecs: crawleeDefault,
            stall: STALL,
        },
    ];
    const results: Measured[] = [];
    for (const scenario of scenarios) results.push(await measure(scenario));

    // The bar: calls <= ceil(T / interval) + 2 whatever N is. About the same crawl time (no stall), N up 20x.
    const targetSecs = (PAGES * PAGE_DELAY_MS) / CONCURRENCY / 1000;
    const sweep: Measured[] = [];
    for (const pages of [100, 500, 2_000]) {
        const delayMs = Math.max(1, Math.round((targetSecs * 1000 * CONCURRENCY) / pages));
        sweep.push(
            await measure({
                label: `N = ${pages}`,
                mode: 'progress',
                pages,
                delayMs,
                crawleeIntervalSecs: crawleeDefault,
            }),
        );
    }

    const first = renderTable({
        title: `1. API calls and message quality: ${PAGES} local pages, ${CONCURRENCY} at a time, ${PAGE_DELAY_MS} ms each, a ${STALL.delayMs / 1000} s stall halfway`,
        headers: [
            'Reporting',
            'Crawl s',
            'PUT',
            'GET',
            'Dup. consecutive',
            'After terminal',
            'Max lag s',
            'Terminal delivered',
            'Console shows at the end',
        ],
        rows: results.map((r) => [
            r.scenario.label,
            fixed(r.crawlSecs),
            r.puts,
            r.gets,
            r.duplicates,
            r.afterTerminal,
            fixed(r.maxLagMs / 1000),
            r.terminal === undefined ? 'no' : 'yes',
            quote(r.lastShown),
        ]),
        notes: [
            "Each row is a child process running the real SDK (`Actor.init()` with `APIFY_IS_AT_HOME=1`) against the platform emulator; the crawler keeps its requests in memory, and its own status messages take the platform's path (`ApifyClient#setStatusMessage`, the call the SDK's storage client makes).",
            '(b) awaits `Actor.setStatusMessage()` after every page and ends with `Actor.exit(message)`: the real SDK code, a PUT and a GET per call.',
            'PUT/GET: requests from the start of the crawl to the exit. Max lag: longest time the count in the message shown was behind the true count (sampled every 50 ms).',
            "(c) uses `reporter.attach(crawler)`, which takes over the crawler's own messages (in (a) and (b) they go to the API).",
        ],
    });
    const second = renderTable({
        title: `1b. The bar: API calls <= ceil(T / interval) + 2 whatever N is (actor-progress, interval ${INTERVAL_SECS} s)`,
        headers: ['N pages', 'Crawl T s', 'API calls', 'Bar', 'Pass', 'Max lag s', 'Terminal'],
        rows: sweep.map((r) => {
            const exitSecs = r.crawlSecs; // the terminal call is one of the +2
            const bar = Math.ceil(exitSecs / INTERVAL_SECS) + 2;
            const calls = r.puts + r.gets;
            return [
                r.scenario.pages,
                fixed(r.crawlSecs),
                calls,
                bar,
                calls <= bar ? 'yes' : 'NO',
                fixed(r.maxLagMs / 1000),
                quote(r.terminal),
            ];
        }),
    });
    const shown = results
        .filter((r) => r.scenario.mode !== 'naive')
        .map((r) => `${r.scenario.label}:\n\n\`\`\`text\n${r.shownLines.join('\n')}\n\`\`\`\n`)
        .join('\n');
    return `${first}\nWhat the Console showed (times from the start of the crawl):\n\n${shown}\n${second}`;
}
