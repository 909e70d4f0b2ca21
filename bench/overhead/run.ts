import { runChild } from '../lib/child.js';
import { fixed, max, median, min, percent } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import type { OverheadParams, OverheadResult } from './params.js';

const PARAMS: OverheadParams = {
    rounds: 16,
    requests: 5_000,
    advanceCalls: 1_000_000,
    hookCalls: 100_000,
    pushCalls: 10_000,
    chargeCalls: 20_000,
    linkBatches: 10_000,
    realBatches: 200,
};
const BAR = 0.01;

/**
 * Rounds alternate which side runs first, and the first crawl of a pair tends to be the slower one.
 * The geometric mean of the two orders' medians cancels that bias: the pass criterion.
 */
function orderBalanced(ratios: readonly number[]): number {
    const plainFirst = ratios.filter((_, i) => i % 2 === 0);
    const attachedFirst = ratios.filter((_, i) => i % 2 === 1);
    return Math.sqrt(median(plainFirst) * median(attachedFirst));
}

export async function runOverheadBenchmark(): Promise<string> {
    const child = await runChild<OverheadResult>('overhead/overhead-child.ts', PARAMS, {
        nodeArgs: ['--expose-gc'],
        // On a 2-core machine shared with other jobs the 16 rounds can take many minutes.
        timeoutMs: 1_800_000,
    });
    const r = child.result;
    if (!r) throw new Error(`overhead child wrote no result:\n${child.stderr}`);
    const crawlOverhead = orderBalanced(r.crawlRatios) - 1;
    const cpuOverhead = orderBalanced(r.crawlCpuRatios) - 1;
    const nsPerRequest = ((median(r.hooksAttached) - median(r.hooksPlain)) * 1e6) / PARAMS.hookCalls;
    const msPerRequest = median(r.crawlPlain) / PARAMS.requests;
    const estimated = nsPerRequest / 1e6 / msPerRequest;
    const nsPerAdvance = ((median(r.loopAdvance) - median(r.loopEmpty)) * 1e6) / PARAMS.advanceCalls;
    const workOverhead = orderBalanced(r.workRatios) - 1;
    const workCpuOverhead = orderBalanced(r.workCpuRatios) - 1;
    const nsPerPush = ((median(r.counterAttached) - median(r.counterPlain)) * 1e6) / PARAMS.hookCalls;
    const pushShare = median(r.pushAttached) / median(r.pushPlain) - 1;
    const nsPerFailure = ((median(r.failAttached) - median(r.failPlain)) * 1e6) / PARAMS.hookCalls;
    const msPerWorkRequest = median(r.workPlain) / PARAMS.requests;
    // Per request of the work crawl: one push, and a tenth of a failure.
    // A negative difference is noise: counted as nothing, not as a saving.
    const workEstimate = (Math.max(0, nsPerPush) + Math.max(0, nsPerFailure) / 10) / 1e6 / msPerWorkRequest;
    const itemsAgree = r.itemsCounted.every((counted, i) => counted === r.itemsSaved[i]);
    // Pay-per-event, per request of the work crawl: one charge (hooked) and one push (in its context).
    const nsPerCharge = ((median(r.chargeWatched) - median(r.chargePlain)) * 1e6) / PARAMS.chargeCalls;
    const nsPerPpePush = ((median(r.countedPushPpe) - median(r.countedPushPlain)) * 1e6) / PARAMS.chargeCalls;
    const chargeEstimate = (Math.max(0, nsPerCharge) + Math.max(0, nsPerPpePush)) / 1e6 / msPerWorkRequest;
    const links = PARAMS.linkBatches * 10;
    const nsPerLink = ((median(r.linksAttached) - median(r.linksPlain)) * 1e6) / links;
    const nsPerRealLink = (median(r.realAddRequests) * 1e6) / (PARAMS.realBatches * 10);
    const linkShare = Math.max(0, nsPerLink) / nsPerRealLink;
    return renderTable({
        title: `3. Hot-path overhead (${PARAMS.rounds} alternated rounds, medians)`,
        headers: [
            'Workload',
            'Baseline ms (median)',
            'With actor-progress ms (median)',
            'Ratio - 1 (order-balanced median)',
            'Ratio range',
            'Bar',
            'Pass',
        ],
        rows: [
            [
                `offline BasicCrawler, ${PARAMS.requests.toLocaleString('en-US')} requests, no-op handler: plain vs \`reporter.attach(crawler)\`, wall time`,
                fixed(median(r.crawlPlain), 0),
                fixed(median(r.crawlAttached), 0),
                percent(crawlOverhead),
                `${percent(min(r.crawlRatios) - 1)} .. ${percent(max(r.crawlRatios) - 1)}`,
                '< +1%',
                crawlOverhead < BAR ? 'yes' : 'NO',
            ],
            [
                'the same crawls, CPU time of the process',
                fixed(median(r.crawlPlainCpu), 0),
                fixed(median(r.crawlAttachedCpu), 0),
                percent(cpuOverhead),
                `${percent(min(r.crawlCpuRatios) - 1)} .. ${percent(max(r.crawlCpuRatios) - 1)}`,
                '< +1%',
                cpuOverhead < BAR ? 'yes' : 'NO',
            ],
            [
                `attach's work per request, isolated: ${PARAMS.hookCalls.toLocaleString('en-US')} \`stats.startJob()\` + \`finishJob()\` on an unattached vs an attached crawler`,
                fixed(median(r.hooksPlain), 1),
                fixed(median(r.hooksAttached), 1),
                percent(median(r.hooksAttached) / median(r.hooksPlain) - 1, 0),
                `${fixed(nsPerRequest, 0)} ns per request = ${percent(estimated, 2)} of a no-op request in the crawl above`,
                '< +1%',
                estimated < BAR ? 'yes' : 'NO',
            ],
            [
                `offline BasicCrawler, ${PARAMS.requests.toLocaleString('en-US')} requests, each saving an item (\`pushData\`), every 10th throwing a TypeError: plain vs attached (items and failure reasons counted), wall time`,
                fixed(median(r.workPlain), 0),
                fixed(median(r.workAttached), 0),
                percent(workOverhead),
                `${percent(min(r.workRatios) - 1)} .. ${percent(max(r.workRatios) - 1)}`,
                '< +1%',
                workOverhead < BAR ? 'yes' : 'NO',
            ],
            [
                'the same crawls, CPU time of the process',
                fixed(median(r.workPlainCpu), 0),
                fixed(median(r.workAttachedCpu), 0),
                percent(workCpuOverhead),
                `${percent(min(r.workCpuRatios) - 1)} .. ${percent(max(r.workCpuRatios) - 1)}`,
                '< +1%',
                workCpuOverhead < BAR ? 'yes' : 'NO',
            ],
            [
                `counting items, isolated: ${PARAMS.pushCalls.toLocaleString('en-US')} \`dataset.pushData()\` on a crawler's default dataset (in memory), unwatched vs watched by attach()`,
                fixed(median(r.pushPlain), 1),
                fixed(median(r.pushAttached), 1),
                percent(pushShare, 1),
                `${percent(min(r.pushAttached.map((t, i) => t / (r.pushPlain[i] ?? t))) - 1, 1)} .. ${percent(max(r.pushAttached.map((t, i) => t / (r.pushPlain[i] ?? t))) - 1, 1)}: a push costs ${fixed((median(r.pushPlain) * 1e3) / PARAMS.pushCalls, 0)} µs, the counter is lost in its noise`,
                '-',
                '-',
            ],
            [
                `the item counter alone: ${PARAMS.hookCalls.toLocaleString('en-US')} pushes to a dataset that does nothing, unwatched vs watched`,
                fixed(median(r.counterPlain), 1),
                fixed(median(r.counterAttached), 1),
                percent(median(r.counterAttached) / median(r.counterPlain) - 1, 0),
                `${fixed(nsPerPush, 0)} ns per push`,
                '-',
                '-',
            ],
            [
                `counting failures, isolated: ${PARAMS.hookCalls.toLocaleString('en-US')} \`stats.startJob()\` + \`failJob()\`, unattached vs attached; with the isolated push, per request of the work crawl`,
                fixed(median(r.failPlain), 1),
                fixed(median(r.failAttached), 1),
                percent(median(r.failAttached) / median(r.failPlain) - 1, 0),
                `${fixed(nsPerFailure, 0)} ns per failure; push + 1/10 failure = ${percent(workEstimate, 2)} of a request of the work crawl`,
                '< +1%',
                workEstimate < BAR ? 'yes' : 'NO',
            ],
            [
                `pay-per-event, isolated: ${PARAMS.chargeCalls.toLocaleString('en-US')} \`Actor.charge()\` on the SDK's charging manager (local mode), unwatched vs watched by the reporter's charge hook`,
                fixed(median(r.chargePlain), 1),
                fixed(median(r.chargeWatched), 1),
                percent(median(r.chargeWatched) / median(r.chargePlain) - 1, 0),
                `${fixed(nsPerCharge, 0)} ns per charge`,
                '-',
                '-',
            ],
            [
                `pay-per-event, isolated: ${PARAMS.chargeCalls.toLocaleString('en-US')} pushes counted by attach(), no pay-per-event run vs one (each push then runs in a context that learns of items the maximum cuts); with the charge, per request of the work crawl`,
                fixed(median(r.countedPushPlain), 1),
                fixed(median(r.countedPushPpe), 1),
                percent(median(r.countedPushPpe) / median(r.countedPushPlain) - 1, 0),
                `${fixed(nsPerPpePush, 0)} ns per push; charge + push = ${percent(chargeEstimate, 2)} of a request of the work crawl`,
                '< +1%',
                chargeEstimate < BAR ? 'yes' : 'NO',
            ],
            [
                `counting links for the projection, isolated: ${PARAMS.linkBatches.toLocaleString('en-US')} \`addRequests()\` answers of 10 links from a queue that does nothing, unwatched vs watched by attach(); set against a real \`addRequests()\` of new links (in-memory storage)`,
                fixed(median(r.linksPlain), 1),
                fixed(median(r.linksAttached), 1),
                percent(median(r.linksAttached) / median(r.linksPlain) - 1, 0),
                `${fixed(nsPerLink, 0)} ns per link = ${percent(linkShare, 2)} of what adding a link costs (${fixed(nsPerRealLink / 1000, 1)} µs)`,
                '< +1%',
                linkShare < BAR ? 'yes' : 'NO',
            ],
            [
                `${PARAMS.advanceCalls.toLocaleString('en-US')} \`reporter.advance()\` vs an empty loop of the same length`,
                fixed(median(r.loopEmpty), 1),
                fixed(median(r.loopAdvance), 1),
                percent(median(r.loopRatios) - 1, 0),
                `${fixed(nsPerAdvance, 1)} ns per advance()`,
                '-',
                '-',
            ],
        ],
        notes: [
            'One child process; each round runs a fresh crawler without and with a reporter (A B, then B A in the next round), so load from elsewhere hits both sides alike. The ratio is taken per round; the figure is the geometric mean of the median over "plain first" rounds and the median over "attached first" rounds, which cancels the penalty the first crawl of a pair pays.',
            'Each timed crawl starts after `global.gc()` (the child runs with `--expose-gc`). Wall and CPU time both swing by tens of percent from crawl to crawl on this 2-core machine shared with other jobs (see the range): far more than the 1% bar, so the end-to-end rows cannot resolve it. The isolated row times exactly the code attach() adds to a request and sets it against what a no-op request costs in the crawl.',
            'The reporter sends to a `RecordingTransport` (no network), default `intervalSecs`; its time includes creating it, `attach`, `detach` and `finish()`.',
            `The work crawls keep their items in memory; in every attached one the items the reporter counted equal the items in the dataset: ${itemsAgree ? 'yes' : 'NO'} (${r.itemsCounted.length} crawls).`,
        ],
    });
}
