/** Times offline crawls with and without a reporter, and advance() against an empty loop, alternated. */
import { BasicCrawler, RequestList } from 'crawlee';
import { readParams, writeResult } from '../lib/child-io.js';
import { localCrawlerConfig } from '../lib/crawler-config.js';
import { offlineUrls, quietReporter, runOfflineCrawl } from '../lib/offline-crawl.js';
import { localChargingManager, timeCharges, timeCountedPushes } from './charge-hook.js';
import type { OverheadParams, OverheadResult } from './params.js';

const params = readParams<OverheadParams>();
const urls = offlineUrls(params.requests);

interface CrawlTime {
    wallMs: number;
    cpuMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** The handler's work in the second pair of crawls: an item per request, every 10th request failing. */
const WORK = { saveItems: true, failEvery: 10 };

async function timeCrawl(withReporter: boolean, work = {}): Promise<CrawlTime> {
    // Start every crawl from a collected heap, so a major GC owed by an earlier crawl does not land in it.
    gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { crawler, reporter } = await runOfflineCrawl(urls, withReporter, work);
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    if (reporter) {
        result.itemsCounted.push(reporter.snapshot().items);
        result.itemsSaved.push((await (await crawler.getDataset()).getInfo())?.itemCount ?? -1);
    }
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

/**
 * The item counter alone: `hookCalls` pushes to a dataset whose `pushData` does nothing, reached
 * through a crawler's `getDataset()` as Crawlee's own pushes are, watched by attach() or not. What is
 * left is exactly the wrapper attach() puts on the dataset.
 */
async function timeItemCounter(withReporter: boolean): Promise<number> {
    const crawler = new BasicCrawler({ requestHandler: async () => undefined }, localCrawlerConfig());
    const dataset = { pushData: async (_data: unknown) => undefined };
    Object.assign(crawler, { getDataset: async () => dataset });
    const reporter = withReporter ? quietReporter() : undefined;
    const detach = reporter?.attach(crawler);
    const opened = await crawler.getDataset();
    gc?.();
    const started = performance.now();
    for (let i = 0; i < params.hookCalls; i++) await opened.pushData({ i });
    const elapsed = performance.now() - started;
    detach?.();
    void reporter?.finish();
    return elapsed;
}

/** What attach() adds to a `pushData()` and to a failed request, isolated like `timeHooks`. */
async function timeItemAndFailureHooks(withReporter: boolean): Promise<{ push: number; fail: number }> {
    const crawler = new BasicCrawler({ requestHandler: async () => undefined }, localCrawlerConfig());
    const reporter = withReporter ? quietReporter() : undefined;
    const detach = reporter?.attach(crawler);
    const dataset = await crawler.getDataset(); // through attach's hook: the dataset is watched
    gc?.();
    let started = performance.now();
    for (let i = 0; i < params.pushCalls; i++) await dataset.pushData({ i });
    const push = performance.now() - started;
    const stats = crawler.stats;
    gc?.();
    started = performance.now();
    for (let i = 0; i < params.hookCalls; i++) {
        stats.startJob(i);
        stats.failJob(i, 0);
    }
    const fail = performance.now() - started;
    detach?.();
    void reporter?.finish();
    return { push, fail };
}

/** Links per `addRequests()` answer in the link-counting rows: about what a page's `enqueueLinks()` adds. */
const LINKS_PER_BATCH = 10;

/**
 * The link counter alone: `linkBatches` answers of `addRequests()` from a queue that does nothing but
 * answer (half the links new, half known), watched by attach() or not. What is left is exactly the
 * wrapper attach() puts on the crawler's queue for the projection.
 */
async function timeLinkCounter(withReporter: boolean): Promise<number> {
    const crawler = new BasicCrawler({ requestHandler: async () => undefined }, localCrawlerConfig());
    const queue = await crawler.getRequestQueue(); // opened before attach: watched when attach finds it
    const processedRequests = Array.from({ length: LINKS_PER_BATCH }, (_, i) => ({
        uniqueKey: `http://example.invalid/page/${i}`,
        requestId: `id${i}`,
        wasAlreadyPresent: i % 2 === 0,
        wasAlreadyHandled: false,
    }));
    const answer = { processedRequests, unprocessedRequests: [] };
    Object.assign(queue, { addRequests: async () => answer });
    // The projection is off by default: on, attach() watches the queue, which is what is measured here.
    const reporter = withReporter ? quietReporter({ projection: true }) : undefined;
    const detach = reporter?.attach(crawler);
    gc?.();
    const started = performance.now();
    for (let i = 0; i < params.linkBatches; i++) await queue.addRequests([]);
    const elapsed = performance.now() - started;
    detach?.();
    void reporter?.finish();
    return elapsed;
}

/** What a real `addRequests()` of new links costs on in-memory storage, per batch: the cost the counter adds to. */
async function timeRealAddRequests(): Promise<number> {
    const crawler = new BasicCrawler({ requestHandler: async () => undefined }, localCrawlerConfig());
    const queue = await crawler.getRequestQueue();
    gc?.();
    const started = performance.now();
    for (let i = 0; i < params.realBatches; i++) {
        await queue.addRequests(Array.from({ length: LINKS_PER_BATCH }, (_, k) => `http://example.invalid/${i}/${k}`));
    }
    return performance.now() - started;
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
    workPlain: [],
    workAttached: [],
    workRatios: [],
    workPlainCpu: [],
    workAttachedCpu: [],
    workCpuRatios: [],
    pushPlain: [],
    pushAttached: [],
    counterPlain: [],
    counterAttached: [],
    failPlain: [],
    failAttached: [],
    chargePlain: [],
    chargeWatched: [],
    countedPushPlain: [],
    countedPushPpe: [],
    itemsCounted: [],
    itemsSaved: [],
    linksPlain: [],
    linksAttached: [],
    realAddRequests: [],
};
const chargingManager = await localChargingManager();

// Warm-up: JIT, module caches, the first crawler's one-off set-up. Not counted.
await timeCrawl(false);
await timeCrawl(true);
timeEmptyLoop(params.advanceCalls);
timeAdvanceLoop(params.advanceCalls);
await timeHooks(false, params.hookCalls);
await timeHooks(true, params.hookCalls);
await timeCrawl(false, WORK);
await timeCrawl(true, WORK);
await timeItemAndFailureHooks(false);
await timeItemAndFailureHooks(true);
await timeItemCounter(false);
await timeItemCounter(true);
await timeCharges(chargingManager, false, params.chargeCalls);
await timeCharges(chargingManager, true, params.chargeCalls);
await timeCountedPushes(chargingManager, false, params.chargeCalls);
await timeCountedPushes(chargingManager, true, params.chargeCalls);
await timeLinkCounter(false);
await timeLinkCounter(true);
await timeRealAddRequests();
result.itemsCounted.length = 0;
result.itemsSaved.length = 0;

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

    // The same with a handler that saves items and fails some requests: what counting them costs.
    let workPlain: CrawlTime;
    let workAttached: CrawlTime;
    if (attachedFirst) {
        workAttached = await timeCrawl(true, WORK);
        workPlain = await timeCrawl(false, WORK);
    } else {
        workPlain = await timeCrawl(false, WORK);
        workAttached = await timeCrawl(true, WORK);
    }
    result.workPlain.push(workPlain.wallMs);
    result.workAttached.push(workAttached.wallMs);
    result.workRatios.push(workAttached.wallMs / workPlain.wallMs);
    result.workPlainCpu.push(workPlain.cpuMs);
    result.workAttachedCpu.push(workAttached.cpuMs);
    result.workCpuRatios.push(workAttached.cpuMs / workPlain.cpuMs);

    const sides = attachedFirst ? [true, false] : [false, true];
    for (const withReporter of sides) {
        const { push, fail } = await timeItemAndFailureHooks(withReporter);
        (withReporter ? result.pushAttached : result.pushPlain).push(push);
        (withReporter ? result.failAttached : result.failPlain).push(fail);
        (withReporter ? result.counterAttached : result.counterPlain).push(await timeItemCounter(withReporter));
        (withReporter ? result.linksAttached : result.linksPlain).push(await timeLinkCounter(withReporter));
    }
    // Pay-per-event: the charge hook, and the context a counted push runs in on such a run.
    for (const watched of sides) {
        (watched ? result.chargeWatched : result.chargePlain).push(
            await timeCharges(chargingManager, watched, params.chargeCalls),
        );
        (watched ? result.countedPushPpe : result.countedPushPlain).push(
            await timeCountedPushes(chargingManager, watched, params.chargeCalls),
        );
    }
    result.realAddRequests.push(await timeRealAddRequests());
}

if (sink === -1) console.log(sink);
writeResult(result);
