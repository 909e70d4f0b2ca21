import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';
import { MIN_CHILD_READ_INTERVAL_MS } from '../../src/scale-out/run-follower.js';
import { fixed } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';

/** The parent follows this many children: the case ("intervalSecs 0 with 10 children"). */
const CHILDREN = 10;
/** How long the parent follows them at each interval. */
const FOLLOW_SECS = 30;
/** The intervals measured: none at all, one second, and the default. */
const INTERVALS_SECS = [0, 1, 5];
/** The children say something new this often, and write their record this often (a fast child). */
const CHILD_MESSAGE_MS = 500;
const CHILD_RECORD_MS = 5_000;

interface Measured {
    intervalSecs: number;
    /** The parent's GETs about each child (its run and its record), per minute of following. */
    perChild: number[];
    recordShare: number;
    closestGapMs: number;
}

const perMinute = (count: number, ms: number) => (count / ms) * 60_000;

/**
 * A parent (an in-process reporter reading through the real apify-client, as `followRuns()` does on the
 * platform) follows `CHILDREN` runs of the emulator for `FOLLOW_SECS`; each child changes its status
 * message every `CHILD_MESSAGE_MS` and writes its PROGRESS record every `CHILD_RECORD_MS`, through its
 * own token. Counted: the parent's GETs of each child's run and record.
 */
async function follow(intervalSecs: number): Promise<Measured> {
    const emulator = await PlatformEmulator.start();
    const saved = { token: process.env.APIFY_TOKEN, url: process.env.APIFY_API_BASE_URL };
    process.env.APIFY_TOKEN = emulator.token;
    process.env.APIFY_API_BASE_URL = emulator.url;
    const timers: NodeJS.Timeout[] = [];
    try {
        const children: EmulatedRun[] = [];
        for (let index = 0; index < CHILDREN; index++) children.push(await emulator.createRun({ actorId: 'child' }));
        for (const child of children) {
            const client = new ApifyClient({ baseUrl: emulator.url, token: child.token, maxRetries: 0 });
            let done = 0;
            const say = () =>
                client
                    .run(child.id)
                    .update({ statusMessage: `${++done} of 1,000 pages done` })
                    .catch(() => {});
            const record = () =>
                client
                    .keyValueStore(child.info.defaultKeyValueStoreId)
                    .setRecord({
                        key: 'PROGRESS',
                        value: {
                            schemaVersion: 1,
                            status: 'running',
                            done,
                            failed: 0,
                            total: 1000,
                            unit: ['page', 'pages'],
                        },
                    })
                    .catch(() => {});
            void say();
            void record();
            timers.push(setInterval(say, CHILD_MESSAGE_MS), setInterval(record, CHILD_RECORD_MS));
        }
        const parent = new ProgressReporter({
            intervalSecs,
            handleExit: false,
            persistStateKey: false,
            progressRecord: false,
            transport: new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url }),
            log: { info: () => {}, warning: () => {} },
        });
        const startedAt = performance.now();
        const follower = parent.followRuns(children.map((child) => child.id));
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_SECS * 1000));
        follower.stop();
        const followedMs = performance.now() - startedAt;
        await parent.finish();
        const reads = children.map((child) =>
            emulator.defaultRun.timeline.filter(
                (entry) =>
                    entry.method === 'GET' &&
                    (entry.path === `/v2/actor-runs/${child.id}` ||
                        entry.path.startsWith(`/v2/key-value-stores/${child.info.defaultKeyValueStoreId}/records/`)),
            ),
        );
        const gaps = reads.flatMap((entries) =>
            entries.slice(1).map((entry, index) => entry.receivedAt - (entries[index]?.receivedAt ?? 0)),
        );
        const all = reads.flat();
        return {
            intervalSecs,
            perChild: reads.map((entries) => perMinute(entries.length, followedMs)),
            recordShare: all.filter((entry) => entry.path.includes('/records/')).length / all.length,
            closestGapMs: Math.min(...gaps),
        };
    } finally {
        for (const timer of timers) clearInterval(timer);
        process.env.APIFY_TOKEN = saved.token;
        process.env.APIFY_API_BASE_URL = saved.url;
        if (saved.token === undefined) delete process.env.APIFY_TOKEN;
        if (saved.url === undefined) delete process.env.APIFY_API_BASE_URL;
        await emulator.close();
    }
}

export async function runParentReadsBenchmark(): Promise<string> {
    const rows: Measured[] = [];
    for (const intervalSecs of INTERVALS_SECS) rows.push(await follow(intervalSecs));
    const floorSecs = MIN_CHILD_READ_INTERVAL_MS / 1000;
    return renderTable({
        title: `10b. A parent's reads of each child, per minute: ${CHILDREN} children followed for ${FOLLOW_SECS} s at each interval`,
        headers: [
            'intervalSecs',
            'least spacing of reads (s)',
            'bar: GETs/min per child',
            'GETs/min per child (most, median)',
            "closest two arrivals of one child's reads (ms)",
            'record reads (share)',
        ],
        rows: rows.map(({ intervalSecs, perChild, recordShare, closestGapMs }) => {
            const spacingSecs = Math.max(floorSecs, intervalSecs);
            const sorted = [...perChild].sort((a, b) => a - b);
            return [
                intervalSecs,
                fixed(spacingSecs, 0),
                fixed(60 / spacingSecs, 0),
                `${fixed(Math.max(...perChild))}, ${fixed(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN)}`,
                fixed(closestGapMs, 0),
                fixed(recordShare, 2),
            ];
        }),
        notes: [
            `A parent's reporter follows ${CHILDREN} child runs of the platform emulator (\`followRuns()\`, the real apify-client over HTTP); each child changes its status message every ${CHILD_MESSAGE_MS} ms and writes its PROGRESS record every ${CHILD_RECORD_MS / 1000} s, so there is always something new to read. Counted: the parent's GETs of each child's run and of its record, per minute of following.`,
            `The floor: a child is read at most once per \`max(intervalSecs, ${floorSecs} s)\` (\`MIN_CHILD_READ_INTERVAL_MS\`), the status message's own floor: the parent's message cannot change more often, so a faster read is a call nobody sees. Before it, \`intervalSecs: 0\` with 10 children made 903 GETs in 5.2 s, one child read 92 times, reads 21 ms apart (issue 19).`,
            "The spacing is kept between the starts of two reads of a child, on the parent's clock; their arrivals at the API jitter with the machine's load (two cores shared by the parent, the children and the emulator here).",
            'The bar is one GET per child per least spacing; the first read comes at once, so a run of a minute shows one more. "Record reads" is the share of those GETs that are key-value store record reads (about $0.005 per 1,000): one in six reads of a running child (after the first read of its run, then every sixth read).',
        ],
    });
}
