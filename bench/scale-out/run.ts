import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { startExampleRun } from '../../examples/demo/several-runs.js';
import { startSite } from '../../examples/site/index.js';
import { fixed } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import { runParentReadsBenchmark } from './parent-reads.js';

/** Worker runs per crawl: one, a few, and ten (10 workers at 5 s = 2 queue GETs/s, against 60/s per queue). */
const WORKERS = [1, 3, 10];
/** The default interval: the bars are stated for it. */
const INTERVAL_SECS = 5;
/** Pages per worker, each 400 ms, two at a time: a crawl of about 40 s whatever the number of workers. */
const PAGES_PER_WORKER = 200;
const PAGE_MS = 400;
const CONCURRENCY = 2;
/** The API's limit for reading one queue. */
const QUEUE_GET_LIMIT_PER_SEC = 60;
const ACTOR = 'actor-progress-crawler-example';

interface Crawl {
    workers: number;
    crawlSecs: number;
    workerRuns: EmulatedRun[];
    parent: EmulatedRun;
    /** The example Actor's own queue reads when it opens the queue (the SDK's), measured with sharedQueue off. */
    sdkQueueGets: number;
}

const perMinute = (count: number, ms: number) => (count / ms) * 60_000;
const kindCount = (run: EmulatedRun, kind: string) => run.apiCalls().byKind[kind] ?? 0;

/** One crawl: the example Actor as the parent of `workers` worker runs, all real processes, the default interval. */
async function crawl(workers: number, sdkQueueGets: number): Promise<Crawl> {
    const site = await startSite({
        pages: PAGES_PER_WORKER * workers,
        slowFraction: 1,
        slowDelayMs: PAGE_MS,
        failingFraction: 0,
        missingLinks: 0,
    });
    const emulator = await PlatformEmulator.start({ startRun: startExampleRun });
    try {
        const client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token });
        const startedAt = performance.now();
        const started = await client.actor(ACTOR).start({
            startUrls: [{ url: site.startUrl }],
            maxRequestsPerCrawl: 1_000_000,
            maxConcurrency: CONCURRENCY,
            statusIntervalSecs: INTERVAL_SECS,
            workers,
        });
        const parent = emulator.getRun(started.id);
        if (!parent) throw new Error(`no run ${started.id}`);
        await parent.waitForFinish(600_000);
        const crawlSecs = (performance.now() - startedAt) / 1000;
        const workerRuns = emulator.runs().filter((run) => run.actorId === ACTOR && run.id !== parent.id);
        const failed = [parent, ...workerRuns].filter((run) => run.info.status !== 'SUCCEEDED');
        if (failed.length > 0) throw new Error(`runs did not succeed:\n${failed.map((run) => run.log()).join('\n')}`);
        return { workers, crawlSecs, workerRuns, parent, sdkQueueGets };
    } finally {
        await Promise.all([emulator.close(), site.close()]);
    }
}

/** The queue reads of a run that only opens the queue, as a worker does: the SDK's own, with no progress at all. */
async function sdkQueueGetsPerRun(): Promise<number> {
    const child = fileURLToPath(new URL('open-queue-child.ts', import.meta.url));
    const emulator = await PlatformEmulator.start({
        startRun: (run) =>
            spawn(process.execPath, ['--import', 'tsx', child], {
                env: { ...process.env, ...run.env(), CRAWLEE_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'bench-')) },
                stdio: ['ignore', 'pipe', 'pipe'],
            }),
    });
    try {
        const client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token });
        const queue = await client.requestQueues().getOrCreate('baseline');
        const started = await client.actor('open-queue').start({ queueId: queue.id });
        const run = emulator.getRun(started.id);
        await run?.waitForFinish(60_000);
        if (run?.info.status !== 'SUCCEEDED') throw new Error(`the baseline run failed:\n${run?.log()}`);
        return kindCount(run, 'requestQueue_get');
    } finally {
        await emulator.close();
    }
}

/** When `run` made calls of `kind` (ms since the emulator started), optionally only those `where` says. */
function callTimes(run: EmulatedRun, kind: string, where: (path: string) => boolean = () => true): number[] {
    return run.timeline.filter((entry) => entry.kind === kind && where(entry.path)).map((entry) => entry.at);
}

/**
 * Calls over the bar: the design's "at most ceil(T / interval) + 2" for calls spread over T (the first
 * at once, one per interval, the last one that settles the end). At most 1 meets it.
 */
function overBar(times: readonly number[]): number {
    if (times.length === 0) return 0;
    const spanMs = (times.at(-1) ?? 0) - (times[0] ?? 0);
    return times.length / (Math.ceil(spanMs / (INTERVAL_SECS * 1000)) + 2);
}

function rowOf({ workers, crawlSecs, workerRuns, parent, sdkQueueGets }: Crawl): (string | number)[] {
    const minutesOf = (run: EmulatedRun) => run.apiCalls().durationMs;
    const puts = workerRuns.map((run) => callTimes(run, 'actorRun_put'));
    const reads = workerRuns.map((run) => callTimes(run, 'requestQueue_get').slice(sdkQueueGets));
    const putsPerMin = puts.map((times, index) => perMinute(times.length, minutesOf(workerRuns[index] as EmulatedRun)));
    const readsPerMin = reads.map((times, index) =>
        perMinute(times.length, minutesOf(workerRuns[index] as EmulatedRun)),
    );
    const workerRatio = Math.max(...puts.map(overBar), ...reads.map(overBar));
    const allReadsPerSec = readsPerMin.reduce((sum, value) => sum + value, 0) / 60;
    // The parent's GETs about each child: its run and its progress record.
    const perChild = workerRuns.map((child) =>
        [
            ...callTimes(parent, 'actorRun_get', (path) => path === `/v2/actor-runs/${child.id}`),
            ...callTimes(parent, 'keyValueStore_record_get', (path) =>
                path.startsWith(`/v2/key-value-stores/${child.info.defaultKeyValueStoreId}/`),
            ),
        ].sort((a, b) => a - b),
    );
    const childReadsPerMin = perChild.map((times) => perMinute(times.length, minutesOf(parent)));
    return [
        workers,
        fixed(crawlSecs, 0),
        fixed(Math.max(...putsPerMin)),
        fixed(Math.max(...readsPerMin)),
        fixed(workerRatio, 2),
        `${fixed(allReadsPerSec, 2)} of ${QUEUE_GET_LIMIT_PER_SEC}`,
        fixed(perMinute(callTimes(parent, 'actorRun_put').length, minutesOf(parent))),
        fixed(Math.max(...childReadsPerMin)),
        fixed(Math.max(...perChild.map(overBar)), 2),
    ];
}

export async function runScaleOutBenchmark(): Promise<string> {
    const sdkQueueGets = await sdkQueueGetsPerRun();
    const crawls: Crawl[] = [];
    for (const workers of WORKERS) crawls.push(await crawl(workers, sdkQueueGets));
    const parentReads = await runParentReadsBenchmark();
    return `${crawlTable(crawls, sdkQueueGets)}\n${parentReads}`;
}

function crawlTable(crawls: readonly Crawl[], sdkQueueGets: number): string {
    return renderTable({
        title: `10. Several runs: API calls per run per minute, the example Actor at the default ${INTERVAL_SECS} s interval`,
        headers: [
            'workers',
            'crawl s',
            'worker status PUT/min',
            'worker queue GET/min',
            'worker calls / bar',
            'queue GET/s, all workers (limit)',
            'parent status PUT/min',
            'parent GET/min per child',
            'parent GETs per child / bar',
        ],
        rows: crawls.map(rowOf),
        notes: [
            `The example Actor (\`npm start\`) as the parent of N worker runs (input \`workers\`), every run a real process against the platform emulator; the bundled site with ${PAGES_PER_WORKER} pages per worker, each ${PAGE_MS} ms, ${CONCURRENCY} at a time per worker, so each crawl lasts about as long.`,
            `Per minute of each run's own time (\`run.apiCalls()\`), for the busiest worker, the parent, and the child the parent read most. The bars: one status PUT and one queue GET per worker and interval, one GET per unfinished child per interval for the parent: ${fixed(60 / INTERVAL_SECS)}/min each at ${INTERVAL_SECS} s, plus the first call at once and the one that settles the end, so short runs show a little more per minute.`,
            `"Calls / bar" is the most calls of one kind over the design's bar for calls spread over T seconds, ceil(T / interval) + 2 (the highest of a worker's PUTs and GETs, and of the parent's GETs per child): at most 1 meets it.`,
            `Queue GETs are the reads of \`GET /v2/request-queues/:id\` made for progress: the SDK's own ${sdkQueueGets} when it opens the queue (measured with a run that only opens it) are taken off. The API allows ${QUEUE_GET_LIMIT_PER_SEC} per second per queue.`,
            "The parent's GETs per child are those of the child's run (each interval: its status and fresh message) and of its PROGRESS record (after the first read of the run, then every sixth read).",
        ],
    });
}
