/** Crawls shapes of the projection corpus with a real CheerioCrawler and records what the reporter said. */
import { CheerioCrawler, log } from 'crawlee';
import type { CrawlDiscovery } from '../../src/counting/projected-end.js';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { readParams, writeResult } from '../lib/child-io.js';
import { localCrawlerConfig } from '../lib/crawler-config.js';
import type { ProjectionParams, Sample, ShapeTrace } from './params.js';
import { projectionCorpus, type SiteShape } from './shapes.js';
import { serveShape } from './site-server.js';

const params = readParams<ProjectionParams>();
const silent = { info: () => undefined, warning: () => undefined };

async function crawlShape(site: SiteShape): Promise<ShapeTrace> {
    const server = await serveShape(site, params.delayMs);
    // Messages every second, as a run with the live view open samples it; nothing leaves the process.
    // The projection is what is measured: turned on (it is off by default).
    const reporter = new ProgressReporter({
        projection: true,
        transport: new RecordingTransport(),
        intervalSecs: 1,
        handleExit: false,
        persistStateKey: false,
        progressRecord: false,
        log: silent,
    });
    const crawler = new CheerioCrawler(
        {
            minConcurrency: params.concurrency,
            maxConcurrency: params.concurrency,
            maxRequestRetries: 0,
            statusMessageLoggingInterval: 3_600,
            ...(site.cap === undefined ? {} : { maxRequestsPerCrawl: site.cap }),
            async requestHandler({ enqueueLinks }) {
                await enqueueLinks();
            },
        },
        localCrawlerConfig(),
    );
    crawler.log.setLevel(log.LEVELS.OFF);
    // Keeps the last reading of the links the hook handed over, to record it beside the snapshot.
    let discovery: CrawlDiscovery | null = null;
    const setDiscovery = reporter.setDiscovery.bind(reporter);
    reporter.setDiscovery = (reading) => {
        discovery = reading ?? null;
        setDiscovery(reading);
    };
    const detach = reporter.attach(crawler);
    const samples: Sample[] = [];
    const startedAt = performance.now();
    const sample = () => {
        const snapshot = reporter.snapshot();
        samples.push({
            t: performance.now() - startedAt,
            handled: snapshot.done + snapshot.failed,
            total: snapshot.total ?? null,
            totalIsEstimate: snapshot.totalIsEstimate,
            projectedTotal: snapshot.projectedTotal ?? null,
            projectedSecondsLeft: snapshot.projectedSecondsLeft ?? null,
            ratePerMinute: snapshot.ratePerMinute ?? null,
            discovery: discovery && { links: { ...discovery.links }, cap: discovery.cap },
        });
    };
    const timer = setInterval(sample, params.sampleEveryMs);
    await crawler.run(site.start.map((page) => `${server.url}${site.paths[page]}`));
    const endedAt = performance.now() - startedAt;
    clearInterval(timer);
    const { requestsFinished, requestsFailed } = crawler.stats.state;
    detach();
    await reporter.finish();
    await server.close();
    return { shape: site.name, samples, final: requestsFinished + requestsFailed, endedAt };
}

log.setLevel(log.LEVELS.OFF);
const corpus = projectionCorpus();
const traces: ShapeTrace[] = [];
for (const name of params.shapes) {
    const site = corpus.find((shape) => shape.name === name);
    if (!site) throw new Error(`no shape named ${name}`);
    traces.push(await crawlShape(site));
}
writeResult(traces);
