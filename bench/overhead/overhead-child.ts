/** Times offline crawls with and without a reporter, and advance() against an empty loop, alternated. */
import { BasicCrawler, RequestList } from 'crawlee';
import { readParams, writeResult } from '../lib/child-io.js';
import { localCrawlerConfig } from '../lib/crawler-config.js';
import { offlineUrls, quietReporter, runOfflineCrawl } from '../lib/offline-crawl.js';
import type { OverheadParams, OverheadResult } from './params.js';

const params = readParams<OverheadParams>();
const urls = offlineUrls(params.requests);

interface CrawlTime {
    wallMs: number;
    cpuMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function timeCrawl(withReporter: boolean): Promise<CrawlTime> {
    // Start every crawl from a collected heap, so a major GC owed by an earlier crawl does not land in it.
    gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await runOfflineCrawl(urls, withReporter);
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (user + system) / 1000 };
}

let sink = 0;
function timeEmptyLoop(n: number): number {
    const started = performance.now();
    let acc = 0;
    for (let i = 0; i < n; i++) acc += i & 1;
    sink += acc;
    return performance.now() - started;
}

function timeAdvanceLoop(n: number): number {
    const reporter = quietReporter();
    const started = performance.now();
    for (let i = 0; i < n; i++) reporter.advance();
    const elapsed = performance.now() - started;
    void reporter.finish();
    return elapsed;
}

/**
 * What attach() adds to each request, isolated from the crawl's scheduling noise: the statistics calls a
 * crawler makes once per finished request, on an attached and an unattached crawler.
 */
async function timeHooks(withReporter: boolean, n: number): Promise<number> {
    // With a request list, as in the crawls: attach reads the pending count from it on every request.
    const requestList = await RequestList.open(null, [...urls]);
    const crawler = new BasicCrawler({ requestList, requestHandler: async () => undefined }, localCrawlerConfig());
    const reporter = withReporter ? quietReporter() : undefined;
    const detach = reporter?.attach(crawler);
    const stats = crawler.stats;
    gc?.();
    const started = performance.now();
    for (let i = 0; i < n; i++) {
        stats.startJob(i);
        stats.finishJob(i, 0);
    }
    const elapsed = performance.now() - started;
    detach?.();
    void reporter?.finish();
    return elapsed;
}

const result: OverheadResult = {
    crawlPlain: [],
    crawlAttached: [],
    crawlRatios: [],
    crawlPlainCpu: [],
    crawlAttachedCpu: [],
    crawlCpuRatios: [],
    loopEmpty: [],
    loopAdvance: [],
    loopRatios: [],
    hooksPlain: [],
    hooksAttached: [],
};

// Warm-up: JIT, module caches, the first crawler's one-off set-up. Not counted.
await timeCrawl(false);
await timeCrawl(true);
timeEmptyLoop(params.advanceCalls);
timeAdvanceLoop(params.advanceCalls);
await timeHooks(false, params.hookCalls);
await timeHooks(true, params.hookCalls);

for (let round = 0; round < params.rounds; round++) {
    // A B, then B A: drift in the machine's load hits both sides alike.
    const attachedFirst = round % 2 === 1;
    let plain: CrawlTime;
    let attached: CrawlTime;
    if (attachedFirst) {
        attached = await timeCrawl(true);
        plain = await timeCrawl(false);
    } else {
        plain = await timeCrawl(false);
        attached = await timeCrawl(true);
    }
    result.crawlPlain.push(plain.wallMs);
    result.crawlAttached.push(attached.wallMs);
    result.crawlRatios.push(attached.wallMs / plain.wallMs);
    result.crawlPlainCpu.push(plain.cpuMs);
    result.crawlAttachedCpu.push(attached.cpuMs);
    result.crawlCpuRatios.push(attached.cpuMs / plain.cpuMs);

    const empty = attachedFirst ? 0 : timeEmptyLoop(params.advanceCalls);
    const advance = timeAdvanceLoop(params.advanceCalls);
    const emptyAfter = attachedFirst ? timeEmptyLoop(params.advanceCalls) : empty;
    result.loopEmpty.push(emptyAfter);
    result.loopAdvance.push(advance);
    result.loopRatios.push(advance / emptyAfter);

    if (attachedFirst) {
        result.hooksAttached.push(await timeHooks(true, params.hookCalls));
        result.hooksPlain.push(await timeHooks(false, params.hookCalls));
    } else {
        result.hooksPlain.push(await timeHooks(false, params.hookCalls));
        result.hooksAttached.push(await timeHooks(true, params.hookCalls));
    }
}

if (sink === -1) console.log(sink);
writeResult(result);
