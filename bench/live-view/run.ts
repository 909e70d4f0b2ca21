import { runChild } from '../lib/child.js';
import { fixed, max, median, min, percent } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import { type ExitPath, timeExit } from './exit-delay.js';
import type { CrawlParams, CrawlResult, Side, WireParams, WireResult } from './params.js';

const CRAWL: CrawlParams = { rounds: 6, requests: 50_000, viewers: 50, ticks: 3_600 };
const WIRE: WireParams = { seconds: 60, lateAfterSeconds: 600 };
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
    const wire = await runChild<WireResult>('live-view/wire-child.ts', WIRE, { timeoutMs: 180_000 });
    if (!wire.result) throw new Error(`live view wire child wrote no result:\n${wire.stderr}`);

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

    const w = wire.result;
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
            'The last row times what the live view does each second (a document, a point of history, the changes serialized once and written to every viewer) without a crawl around it, driven tick by tick: the end-to-end rows above cannot resolve a cost that small on this shared machine.',
            `Each viewer received ${kb(median(crawl.result.bytesPerViewer))} and ${fixed(median(crawl.result.updatesPerViewer), 0)} updates per crawl (median): the whole state when it connected, then at most one update a second.`,
        ],
    });
    const perMinute = (bytes: number, seconds: number) => (bytes / seconds) * 60;
    const wireTable = renderTable({
        title: `7b. Live view: what one viewer costs on the wire (messages of ${w.messageLength} characters every 5 s, ${w.reasons} failure reasons)`,
        headers: ['What', 'Measured', 'As sent before (the whole document every second)', 'Ratio'],
        rows: [
            [
                'bytes to one viewer per minute of a moving run, after its first event',
                `${kb(perMinute(w.movingBytes, w.seconds))} (${fixed(w.movingUpdates / w.seconds, 2)} updates a second)`,
                kb(perMinute(w.fullDocumentBytes, w.seconds)),
                fixed(w.movingBytes / w.fullDocumentBytes, 2),
            ],
            [
                'bytes to one viewer per minute of a run standing still',
                kb(perMinute(w.stillBytes, w.stillSeconds)),
                '-',
                '-',
            ],
            [
                'the first event of a page opened 10 minutes in (history, messages)',
                kb(w.lateAfter10Min),
                kb(w.lateAfter10MinBefore),
                fixed(w.lateAfter10Min / w.lateAfter10MinBefore, 2),
            ],
            [
                'the first event of a page opened a day in',
                kb(w.lateAfterDay),
                kb(w.lateAfterDayBefore),
                fixed(w.lateAfterDay / w.lateAfterDayBefore, 2),
            ],
            [
                'the page as a browser loads it (HTML, CSS, scripts, uPlot), gzipped / raw',
                `${kb(w.pageGzipBytes)} / ${kb(w.pageRawBytes)}`,
                '-',
                '-',
            ],
        ],
        notes: [
            'The hard run of bench/live-view/wire-scenario.ts (five pages a second, a failure every 2 s over 15 reasons, a burst of 20 failures every 5 min, a message of up to 490 characters every 5 s) through the live view and a real event stream on loopback, second by second by hand: a day of it takes seconds.',
            '"Before" is what the same seconds cost as the live view sent them until this change, serialized from the same documents in the same run: every second the whole document with the messages; first, the document, every point of the history and the last 100 messages.',
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
