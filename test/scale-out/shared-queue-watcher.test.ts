import { describe, expect, it } from 'vitest';
import type { CrawlReading } from '../../src/counting/shared-queue-figures.js';
import type { ScaleOutPort } from '../../src/scale-out/port.js';
import { SharedQueueWatcher } from '../../src/scale-out/shared-queue-watcher.js';

// The order Crawlee keeps for every request (BasicCrawler): `markRequestHandled` on the queue first (the
// API counts it handled at once), `stats.finishJob` after that call has returned. A reading of the queue
// can be answered in between: the request is then in the answer, and not yet in the run's statistics.

/** A queue as Crawlee's local storage shows it, answering `getInfo()` when the test says so. */
function fakeQueue() {
    const server = { handled: 0, total: 4 };
    let answer: ((info: { handledRequestCount: number; totalRequestCount: number }) => void) | undefined;
    const queue = {
        id: 'q1',
        server,
        getTotalCount: () => 4,
        getInfo: () =>
            new Promise<{ handledRequestCount: number; totalRequestCount: number }>((resolve) => {
                answer = resolve;
            }),
        async markRequestHandled(_request: { id: string }) {
            server.handled += 1;
            await Promise.resolve();
            return { wasAlreadyHandled: false };
        },
        /** Answers the read on the way with what the queue holds now. */
        answerRead() {
            answer?.({ handledRequestCount: server.handled, totalRequestCount: server.total });
            answer = undefined;
        },
    };
    return queue;
}

function fakeCrawler(queue: ReturnType<typeof fakeQueue>) {
    return {
        running: true,
        requestQueue: queue,
        stats: {
            state: { requestsFinished: 0, requestsFailed: 0 },
            finishJob() {
                this.state.requestsFinished += 1;
            },
            failJob() {},
        },
        setStatusMessage: async () => {},
        run: async () => undefined,
    };
}

function fakePort() {
    const readings: CrawlReading[] = [];
    const sources: (() => void)[] = [];
    const port: ScaleOutPort = {
        options: {
            clock: { now: () => Date.now() },
            intervalMs: 60_000,
            requestTimeoutMs: 1_000,
            unit: ['page', 'pages'],
            unitWasSet: false,
        },
        status: 'running',
        updateSharedQueue: ({ reading }) => {
            if (reading) readings.push(reading);
        },
        setChildRuns: () => {},
        setUnit: () => {},
        addCountSource: (refresh) => {
            sources.push(refresh);
            return () => {};
        },
        warnOnce: () => {},
    };
    const refresh = () => {
        for (const source of sources) source();
    };
    return { port, readings, refresh };
}

describe("a worker's figures of the whole crawl", () => {
    it('count a page once when the queue is read between its marking and its statistics', async () => {
        const queue = fakeQueue();
        const crawler = fakeCrawler(queue);
        const { port, readings, refresh } = fakePort();
        const watcher = new SharedQueueWatcher(port, { runs: 2 });
        const unwatch = watcher.watch(crawler as never); // reads the queue at once
        // Crawlee marks a request handled; the read on the way is answered after the API counted it.
        await queue.markRequestHandled({ id: 'r1' });
        queue.answerRead();
        await new Promise((resolve) => setImmediate(resolve));
        expect(readings.at(-1)).toMatchObject({ handled: 1 });
        // Then Crawlee counts it in its statistics: the same page, not another one.
        crawler.stats.finishJob();
        refresh();
        expect(readings.at(-1)).toMatchObject({ handled: 1 });
        // A page marked after the answer arrived is counted on top of it until the next read.
        await queue.markRequestHandled({ id: 'r2' });
        crawler.stats.finishJob();
        refresh();
        expect(readings.at(-1)).toMatchObject({ handled: 2 });
        unwatch();
    });
});
