import { runChild } from '../lib/child.js';
import { fixed, max, median, min, percent } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import { type ExitPath, timeExit } from './exit-delay.js';
import type { CrawlParams, CrawlResult, Side, StreamParams, StreamResult } from './params.js';

const CRAWL: CrawlParams = { rounds: 6, requests: 50_000, viewers: 50, ticks: 3_600 };
const STREAM: StreamParams = { seconds: 30 };
const EXIT_TRIALS = 5;
const EXIT_VIEWERS = 3;
const EXIT_PATHS: ExitPath[] = ['finish', 'actor-exit', 'sigterm', 'crash'];
/** The most the live view may add to an exit. */
const EXIT_BAR_MS = 100;

const kb = (bytes: number) => `${fixed(bytes / 1024, 1)} KB`;

function ratios(result: CrawlResult, field: 'wallMs' | 'cpuMs', side: Side): number[] {
    return result[field][side].map((value, round) => value / (result[field].off[round] as number));
}

function crawlRows(r: CrawlResult): string[][] {
    const row = (label: string, field: 'wallMs' | 'cpuMs') => {
        const idle = ratios(r, field, 'idle');
        const watched = ratios(r, field, 'watched');
        return [
            `offline BasicCrawler, ${CRAWL.requests.toLocaleString('en-US')} requests, ${label}`,
            fixed(median(r[field].off), 0),
            fixed(median(r[field].idle), 0),
            fixed(median(r[field].watched), 0),
            `${percent(median(idle) - 1)} (${percent(min(idle) - 1, 0)} to ${percent(max(idle) - 1, 0)})`,
            `${percent(median(watched) - 1)} (${percent(min(watched) - 1, 0)} to ${percent(max(watched) - 1, 0)})`,
        ];
    };
    return [row('wall time', 'wallMs'), row('CPU time of the crawl process', 'cpuMs')];
}

/** The live view's own CPU per second of a run, from ticks timed without a crawl. */
function tickRow(r: CrawlResult): string[] {
    const perTick = (values: number[]) => (median(values) * 1000) / CRAWL.ticks;
    const none = perTick(r.ticksCpuMs.none);
    const watched = perTick(r.ticksCpuMs.watched);
    return [
        `the live view alone: ${CRAWL.ticks.toLocaleString('en-US')} ticks (an hour of a run), CPU µs per second of run`,
        '-',
        fixed(none, 0),
        fixed(watched, 0),
        `${percent(none / 1e6, 3)} of one core`,
        `${percent(watched / 1e6, 3)} of one core (${fixed((watched - none) / CRAWL.viewers, 1)} µs per viewer)`,
    ];
}

export async function runLiveViewBenchmark(): Promise<string> {
    const crawl = await runChild<CrawlResult>('live-view/crawl-child.ts', CRAWL, {
        nodeArgs: ['--expose-gc'],
        timeoutMs: 600_000,
    });
    if (!crawl.result) throw new Error(`live view crawl child wrote no result:\n${crawl.stderr}`);
    const stream = await runChild<StreamResult>('live-view/stream-child.ts', STREAM, { timeoutMs: 120_000 });
    if (!stream.result) throw new Error(`live view stream child wrote no result:\n${stream.stderr}`);

    const exits: { path: ExitPath; off: number[]; on: number[] }[] = [];
    for (const path of EXIT_PATHS) {
        const times = { path, off: [] as number[], on: [] as number[] };
        for (let trial = 0; trial < EXIT_TRIALS; trial++) {
            // Alternated, so that drift in the machine's load hits both sides alike.
            const onFirst = trial % 2 === 1;
            for (const on of onFirst ? [true, false] : [false, true]) {
                (on ? times.on : times.off).push(await timeExit(path, on, EXIT_VIEWERS));
            }
        }
        exits.push(times);
    }

    const s = stream.result;
    const perMinute = (s.steadyBytes / s.seconds) * 60;
    const crawlTable = renderTable({
        title: `7. Live view: a crawl watched by ${CRAWL.viewers} viewers (${CRAWL.rounds} rotated rounds, medians)`,
        headers: [
            'Workload',
            'Live view off, ms',
            'On, nobody watching, ms',
            `On, ${CRAWL.viewers} viewers, ms`,
            'Nobody watching vs off (range)',
            `${CRAWL.viewers} viewers vs off (range)`,
        ],
        rows: [...crawlRows(crawl.result), tickRow(crawl.result)],
        notes: [
            `One child process crawls; the ${CRAWL.viewers} viewers are event streams opened from another process, as browsers elsewhere would be, connected before the crawl starts. Every round runs the three sides in a rotated order; each ratio is taken within a round against the crawl with the live view off.`,
            'The last row times what the live view does each second (a snapshot, a point of history, one update serialized once and written to every viewer) without a crawl around it, driven tick by tick: the end-to-end rows above cannot resolve a cost that small on this shared machine.',
            `Each viewer received ${kb(median(crawl.result.bytesPerViewer))} and ${fixed(median(crawl.result.updatesPerViewer), 0)} updates per crawl (median): the whole state when it connected, then at most one update a second.`,
        ],
    });
    const wireTable = renderTable({
        title: `7b. Live view: what one viewer costs on the wire (a run moving every 100 ms for ${s.seconds} s)`,
        headers: ['What', 'Measured'],
        rows: [
            [
                'bytes sent to one viewer per minute, after its first event',
                `${kb(perMinute)} (${fixed(s.updates / s.seconds, 2)} updates a second)`,
            ],
            [
                `the first event of a page opened after ${s.seconds} s (the whole state: history and messages)`,
                kb(s.initBytes),
            ],
            [
                'the page as a browser loads it (HTML, CSS, scripts, uPlot), gzipped / raw',
                `${kb(s.pageGzipBytes)} / ${kb(s.pageRawBytes)}`,
            ],
        ],
        notes: [
            "Updates are not compressed (an event stream is written as it goes); the page's files are, for browsers that accept gzip, and revalidated with an ETag.",
        ],
    });
    const exitTable = renderTable({
        title: `7c. Live view: exit time with and without it (${EXIT_TRIALS} child processes per cell, alternated, medians)`,
        headers: [
            'How the run ends',
            'Off, ms',
            `On, ${EXIT_VIEWERS} viewers connected, ms`,
            'Added, ms',
            'Bar',
            'Pass',
        ],
        rows: exits.map(({ path, off, on }) => {
            const added = median(on) - median(off);
            return [
                path,
                fixed(median(off), 0),
                fixed(median(on), 0),
                fixed(added, 0),
                `< ${EXIT_BAR_MS}`,
                added < EXIT_BAR_MS ? 'yes' : 'NO',
            ];
        }),
        notes: [
            'The test fixture test/fixtures/live-view-exit.ts against the platform emulator: from the moment the run starts to end ("EXITING" on its stdout) to the process exit, the terminal message included.',
        ],
    });
    return [crawlTable, wireTable, exitTable].join('\n');
}
