/**
 * Times offline crawls with a reporter (a) without the live view, (b) with it and nobody watching,
 * (c) with it and `viewers` event streams open from another process. Sides rotate from round to round.
 */
import { fork } from 'node:child_process';
import { BasicCrawler, log, RequestList } from 'crawlee';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { LiveView, type Scheduler } from '../../src/live-view/live-view.js';
import { listen } from '../../src/live-view/server.js';
import { readParams, writeResult } from '../lib/child-io.js';
import { localCrawlerConfig } from '../lib/crawler-config.js';
import { offlineUrls } from '../lib/offline-crawl.js';
import type { CrawlParams, CrawlResult, Side } from './params.js';

const params = readParams<CrawlParams>();
const urls = offlineUrls(params.requests);
const gc = (globalThis as { gc?: () => void }).gc;
log.setLevel(log.LEVELS.OFF);

const viewers = fork(new URL('./viewers.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
type Reply = { ready?: true; connected?: true; report?: { bytes: number; updates: number }[] };
const replies: Reply[] = [];
let wake: (() => void) | undefined;
viewers.on('message', (message: Reply) => {
    replies.push(message);
    wake?.();
});
async function reply(what: keyof Reply): Promise<Reply> {
    for (;;) {
        const index = replies.findIndex((message) => message[what] !== undefined);
        if (index !== -1) return replies.splice(index, 1)[0] as Reply;
        await new Promise<void>((resolve) => {
            wake = resolve;
        });
    }
}
await reply('ready');

async function timeCrawl(side: Side): Promise<{ wallMs: number; cpuMs: number; report?: Reply['report'] }> {
    const requestList = await RequestList.open(null, [...urls]);
    const crawler = new BasicCrawler(
        {
            requestList,
            maxConcurrency: 50,
            autoscaledPoolOptions: { maybeRunIntervalSecs: 0.005 },
            statusMessageLoggingInterval: 3_600,
            requestHandler: async () => undefined,
        },
        localCrawlerConfig(),
    );
    crawler.log.setLevel(log.LEVELS.OFF);
    const reporter = new ProgressReporter({
        transport: new RecordingTransport(),
        handleExit: false,
        persistStateKey: false,
        log: { info: () => undefined, warning: () => undefined },
        liveView: side === 'off' ? false : { port: 0 },
    });
    if (side === 'watched') {
        viewers.send({ url: `${await reporter.liveViewUrl()}events`, count: params.viewers });
        await reply('connected');
    }
    gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const detach = reporter.attach(crawler);
    await crawler.run();
    detach();
    await reporter.finish();
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    let report: Reply['report'];
    if (side === 'watched') {
        // Let the terminal update reach the viewers before they report.
        await new Promise((resolve) => setTimeout(resolve, 100));
        viewers.send({ close: true });
        report = (await reply('report')).report;
    }
    await reporter.closeLiveView();
    return { wallMs, cpuMs: (user + system) / 1000, report };
}

/**
 * The live view's own work, without a crawl's noise: `ticks` ticks (a second of a run each: a snapshot,
 * a point of history, one update serialized and written to every viewer), CPU time of this process.
 */
async function timeTicks(watched: boolean): Promise<number> {
    const reporter = new ProgressReporter({
        transport: new RecordingTransport(),
        handleExit: false,
        persistStateKey: false,
        unit: 'pages',
        total: 1_000_000,
        log: { info: () => undefined, warning: () => undefined },
    });
    let tick: () => void = () => undefined;
    const manual: Scheduler = {
        every: (_ms, fn) => {
            tick = fn;
            return () => undefined;
        },
    };
    let now = Date.now();
    const view = new LiveView({
        source: {
            document: () => ({ ...reporter.progressDocument(), updatedAt: new Date(now).toISOString() }),
            lastMessage: () => undefined,
            onMessage: () => () => undefined,
            now: () => now,
        },
        page: { locale: 'en-US', phases: [] },
        scheduler: manual,
        onError: () => undefined,
    });
    const server = await listen(view.handler, 0, '127.0.0.1');
    if (watched) {
        viewers.send({ url: `http://127.0.0.1:${server.port}/events`, count: params.viewers });
        await reply('connected');
    }
    gc?.();
    const cpu = process.cpuUsage();
    for (let i = 0; i < params.ticks; i++) {
        now += 1_000;
        reporter.advance(7);
        tick();
        // Let the sockets drain as they would over a second.
        if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    const { user, system } = process.cpuUsage(cpu);
    if (watched) {
        viewers.send({ close: true });
        await reply('report');
    }
    view.close();
    await server.close();
    await reporter.finish();
    return (user + system) / 1000;
}

const result: CrawlResult = {
    wallMs: { off: [], idle: [], watched: [] },
    cpuMs: { off: [], idle: [], watched: [] },
    bytesPerViewer: [],
    updatesPerViewer: [],
    ticksCpuMs: { none: [], watched: [] },
};
const ORDERS: Side[][] = [
    ['off', 'idle', 'watched'],
    ['watched', 'off', 'idle'],
    ['idle', 'watched', 'off'],
];

// Warm-up, not counted.
for (const side of ORDERS[0] as Side[]) await timeCrawl(side);
for (let round = 0; round < params.rounds; round++) {
    for (const side of ORDERS[round % ORDERS.length] as Side[]) {
        const timed = await timeCrawl(side);
        result.wallMs[side].push(timed.wallMs);
        result.cpuMs[side].push(timed.cpuMs);
        if (timed.report) {
            result.bytesPerViewer.push(...timed.report.map((viewer) => viewer.bytes));
            result.updatesPerViewer.push(...timed.report.map((viewer) => viewer.updates));
        }
    }
}
await timeTicks(true); // warm-up
for (let round = 0; round < params.rounds; round++) {
    const watchedFirst = round % 2 === 1;
    for (const watched of watchedFirst ? [true, false] : [false, true]) {
        result.ticksCpuMs[watched ? 'watched' : 'none'].push(await timeTicks(watched));
    }
}
viewers.kill();
writeResult(result);
