import type { ChildProcess } from 'node:child_process';
import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { fixtureLauncher, spawnRun } from '../helpers/platform-runs.js';
import { getRun, handledIn, handledTimeline, readWorkerMessage, seedQueue, storedUrls } from '../helpers/scale-out.js';

// A worker of a shared queue that migrates, or is aborted, mid-crawl: real worker processes
// (test/fixtures/shared-worker.ts) against the emulator, checked by what their Consoles showed.
const WORKER = 'shared-worker';
const INTERVAL_SECS = 0.5;
let emu: PlatformEmulator;
let client: ApifyClient;
let site: Site;

beforeEach(async () => {
    emu = await PlatformEmulator.start({ startRun: fixtureLauncher().startRun });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 2 });
});

afterEach(async () => {
    await emu.close();
    await site?.close();
});

const seededQueue = (name: string) => seedQueue(client, name, site.startUrl);
const urlsOf = (run: EmulatedRun) => storedUrls(emu, run);

/** What `run`'s crawler counted as handled: Crawlee's statistics, as saved when `crawler.run()` ended. */
function crawleeHandled(run: EmulatedRun): number {
    const stats = emu.keyValueStore(run.info.defaultKeyValueStoreId)?.getRecord('SDK_CRAWLER_STATISTICS_0')?.value as
        | { requestsFinished: number; requestsFailed: number }
        | undefined;
    return (stats?.requestsFinished ?? Number.NaN) + (stats?.requestsFailed ?? Number.NaN);
}

/** Requests `run` marked handled in the queue, as its timeline shows them. */
function handledBy(run: EmulatedRun): number {
    return handledTimeline([run]).times.length;
}

const isSorted = (values: number[]) => values.every((value, i) => i === 0 || value >= (values[i - 1] ?? 0));

/**
 * Every page of the site was crawled, at least once. Crawlee crawls a page again when it was in flight
 * as its run migrated or its lock ran out (short locks here, and a busy machine): each crawl stores an item.
 */
function expectEveryPageCrawled(urls: string[], detail: string): void {
    expect(new Set(urls).size, detail).toBe(site.reachable);
    expect(urls.length, detail).toBeGreaterThanOrEqual(site.reachable);
}

/**
 * "Finished: N of N pages handled across R runs, the queue was empty when this run ended": N is what was handled, the pages
 * crawled again included, so from the site's pages up to the items stored, plus at most the requests
 * in flight when the worker last read the queue (a reading lags the handles under way).
 */
function expectCrawlDone(message: string | undefined, urls: string[], maxConcurrency: number, detail: string): void {
    const end = readWorkerMessage(message ?? '');
    expect(end, detail).toMatchObject({ crawlDone: true, atLeast: false, handled: end.total });
    expect(end.handled, detail).toBeGreaterThanOrEqual(site.reachable);
    expect(end.handled, detail).toBeLessThanOrEqual(urls.length + maxConcurrency);
}

/**
 * Waits until `run` is well into its crawl: `enough()` holds, it listens to the platform's events, and
 * it has shown the whole crawl's figures at least once.
 */
function crawling(run: EmulatedRun, enough: () => boolean): Promise<void> {
    return run.waitFor(
        () =>
            enough() &&
            run.eventClients() > 0 &&
            run.statusMessages().some((message) => readWorkerMessage(message.message).handled !== undefined),
        60_000,
    );
}

describe('a shared-queue worker that migrates, or is aborted, mid-crawl', () => {
    it('migrates: the notice names the saved share and crawl, nothing terminal meanwhile; the next start goes on from them', async () => {
        site = await startSite({ pages: 50, slowFraction: 1, slowDelayMs: 150, failingFraction: 0, missingLinks: 0 });
        await seededQueue('migrating');
        // A run the test drives by hand: the platform stops its process after a migration and starts the
        // same run (same run id, same storages) again on another server.
        const input = { queueName: 'migrating', runs: 1, lockSecs: 2, maxConcurrency: 2, intervalSecs: INTERVAL_SECS };
        const run = await emu.createRun({ actorId: WORKER, input });
        const store = () => emu.keyValueStore(run.info.defaultKeyValueStoreId);
        const handledSoFar = () => emu.requestQueue('migrating')?.info.handledRequestCount ?? 0;
        const first: ChildProcess = spawnRun(WORKER, run);
        const firstExit = new Promise<void>((resolve) => first.once('exit', () => resolve()));
        await crawling(run, () => handledSoFar() >= 10);
        const shownBefore = run.statusMessages().length;

        run.sendEvent('migrating', {});
        // The SDK pauses the crawler, has every `persistState` and `migrating` listener save what it
        // has, then asks the platform to reboot the run: by then everything is saved.
        await run.waitFor((entries) => entries.some((entry) => entry.kind === 'actorRun_reboot_post'), 30_000);
        const saved = store()?.getRecord('ACTOR_PROGRESS_STATE')?.value as {
            done: number;
            failed: number;
            sharedQueue?: { handled: number; total: number };
        };
        const { handled, total } = saved.sharedQueue ?? { handled: 0, total: 0 };
        const notice = `Migrating to another server, will resume at this run ${saved.done} pages · the crawl stands at ${handled} of at least ${total} across 1 run`;
        // The SDK runs its migrating listeners twice, so the state may have been saved twice: the notice
        // of the last save may still be on its way.
        await run.waitFor(() => run.statusMessages().some((message) => message.message === notice), 30_000);
        // The platform stops the container.
        first.kill('SIGTERM');
        await firstExit;
        const handledByFirst = handledSoFar();
        const stats = store()?.getRecord('SDK_CRAWLER_STATISTICS_0')?.value as {
            requestsFinished: number;
            requestsFailed: number;
        };
        const timeline = () => run.formatTimeline();
        expect(saved?.sharedQueue, timeline()).toBeDefined();
        // Crawlee's statistics, which the share comes from, were saved at the same point.
        expect(saved.done + saved.failed, timeline()).toBe(stats.requestsFinished + stats.requestsFailed);

        // While migrating: the notice, never a terminal message, naming the share and the crawl as saved.
        const whileMigrating = run.statusMessages().slice(shownBefore);
        expect(whileMigrating.length, timeline()).toBeGreaterThan(0);
        for (const message of whileMigrating) {
            expect(message, timeline()).toMatchObject({ terminal: false });
            expect(message.byPlatform, timeline()).toBeUndefined();
        }
        expect(whileMigrating.at(-1)?.message, timeline()).toBe(notice);
        // What was saved is no less than what had been shown.
        const shownHandled = handledIn(run.statusMessages());
        expect(Math.max(...shownHandled), timeline()).toBe(handled);
        expect(handled, timeline()).toBeLessThanOrEqual(handledByFirst);

        const second = spawnRun(WORKER, run);
        const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
        expect(code, run.log()).toBe(0);
        run.finish(0);

        const messages = run.statusMessages();
        // One terminal message, the last one.
        expect(messages.filter((message) => message.terminal).length, timeline()).toBe(1);
        // After the restart the share goes on from the saved one: never below it, never from 0.
        const resumed = messages.slice(shownBefore + whileMigrating.length);
        expect(resumed.length, timeline()).toBeGreaterThan(0);
        for (const message of resumed) {
            expect(readWorkerMessage(message.message).share, timeline()).toBeGreaterThanOrEqual(saved.done);
        }
        // In pages from the first message of the second start, before its crawler is attached too.
        for (const message of messages) expect(message.message, timeline()).not.toMatch(/this run [\d,]+ items?\b/);
        // The whole crawl's figures never went lower, across the migration.
        expect(isSorted(handledIn(messages)), timeline()).toBe(true);
        // Every page crawled by the two starts together: the one in flight at the migration maybe twice.
        const urls = urlsOf(run);
        expectEveryPageCrawled(urls, timeline());
        // The end is true: the queue was empty, and the share is what the two starts handled, each page
        // counted once: the saved share (Crawlee's statistics as saved) and what the second start
        // handled. A page still in flight when the SDK asked for the reboot may be handled in the queue
        // (and its item saved) but not in the statistics saved (see the report in the commit).
        const share = stats.requestsFinished + stats.requestsFailed + site.reachable - handledByFirst;
        expect(messages.at(-1), timeline()).toMatchObject({
            terminal: true,
            message: expect.stringMatching(
                new RegExp(
                    `^Finished: [\\d,]+ of [\\d,]+ pages handled across 1 run, the queue was empty when this run ended · this run ${share} · \\d+ items$`,
                ),
            ),
        });
        expectCrawlDone(messages.at(-1)?.message, urls, input.maxConcurrency, timeline());
        expect(share, timeline()).toBeLessThanOrEqual(site.reachable);
        expect(share, timeline()).toBeGreaterThanOrEqual(site.reachable - 2);
    });

    it('migrates while another worker goes on: every notice names the crawl as saved, not as it moved on since', async () => {
        site = await startSite({ pages: 80, slowFraction: 1, slowDelayMs: 200, failingFraction: 0, missingLinks: 0 });
        await seededQueue('moving-on');
        const input = { queueName: 'moving-on', runs: 2, lockSecs: 2, maxConcurrency: 2, intervalSecs: INTERVAL_SECS };
        const run = await emu.createRun({ actorId: WORKER, input });
        const other = getRun(emu, (await client.actor(WORKER).start(input)).id);
        const store = () => emu.keyValueStore(run.info.defaultKeyValueStoreId);
        const handledSoFar = () => emu.requestQueue('moving-on')?.info.handledRequestCount ?? 0;
        const first = spawnRun(WORKER, run);
        const firstExit = new Promise<void>((resolve) => first.once('exit', () => resolve()));
        await crawling(run, () => handledBy(run) >= 2);
        const shownBefore = run.statusMessages().length;
        run.sendEvent('migrating', {});
        await run.waitFor((entries) => entries.some((entry) => entry.kind === 'actorRun_reboot_post'), 30_000);
        const saved = store()?.getRecord('ACTOR_PROGRESS_STATE')?.value as {
            done: number;
            sharedQueue: { handled: number; total: number };
        };
        // The other worker moves the crawl on while this one waits to be stopped, and this one goes on
        // reading the queue: six of its reads after the crawl moved on, over two intervals or more.
        await run.waitFor(() => handledSoFar() >= saved.sharedQueue.handled + 5, 60_000);
        const readsThen = run.timeline.filter((entry) => entry.kind === 'requestQueue_get').length;
        await run.waitFor(
            (entries) => entries.filter((entry) => entry.kind === 'requestQueue_get').length >= readsThen + 6,
            30_000,
        );
        first.kill('SIGTERM');
        await firstExit;
        const timeline = () => run.formatTimeline();

        // Every notice names the share and the crawl as saved, and the last one what the next start resumes
        // from, however far the crawl moved on since. (The SDK runs its migrating listeners twice, so the
        // state can be saved twice, the crawl further on the second time: then there are two notices.)
        // A progress message already on its way when the event came may land first: the notices start
        // at the first one, and nothing but notices follows it.
        const sinceEvent = run.statusMessages().slice(shownBefore);
        const firstNotice = sinceEvent.findIndex((message) => message.message.startsWith('Migrating'));
        expect(firstNotice, timeline()).toBeGreaterThanOrEqual(0);
        for (const message of sinceEvent.slice(0, firstNotice)) {
            expect(message, timeline()).toMatchObject({
                terminal: false,
                message: expect.stringMatching(/ across 2 runs /),
            });
        }
        const notices = sinceEvent.slice(firstNotice);
        for (const notice of notices) {
            expect(notice, timeline()).toMatchObject({
                terminal: false,
                message: expect.stringMatching(
                    /^Migrating to another server, will resume at this run \d+ pages? · the crawl stands at \d+ of at least \d+ across 2 runs$/,
                ),
            });
        }
        expect(notices.at(-1)?.message, timeline()).toBe(
            `Migrating to another server, will resume at this run ${saved.done} ${saved.done === 1 ? 'page' : 'pages'} · the crawl stands at ${saved.sharedQueue.handled} of at least ${saved.sharedQueue.total} across 2 runs`,
        );

        const second = spawnRun(WORKER, run);
        const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
        expect(code, run.log()).toBe(0);
        run.finish(0);
        await client.run(other.id).waitForFinish();

        const messages = run.statusMessages();
        expect(messages.filter((message) => message.terminal).length, timeline()).toBe(1);
        expect(isSorted(handledIn(messages)), timeline()).toBe(true);
        for (const message of messages.slice(shownBefore + sinceEvent.length)) {
            expect(readWorkerMessage(message.message).share, timeline()).toBeGreaterThanOrEqual(saved.done);
        }
        const urls = [...urlsOf(run), ...urlsOf(other)];
        expectEveryPageCrawled(urls, timeline());
        // Its end: the queue was empty if its second start saw it drained, else its share.
        const end = messages.at(-1);
        expect(end, timeline()).toMatchObject({ terminal: true });
        expect(end?.message, timeline()).toMatch(
            /^(Finished: [\d,]+ of [\d,]+ pages handled across 2 runs, the queue was empty when this run ended · this run \d+|Finished my share: \d+ pages?)/,
        );
        if (end?.message.startsWith('Finished: ')) expectCrawlDone(end.message, urls, input.maxConcurrency, timeline());
    });

    it('aborted gracefully while another worker goes on: "Aborted" with its share and the crawl as it stood, never "done"', async () => {
        site = await startSite({ pages: 80, slowFraction: 1, slowDelayMs: 200, failingFraction: 0, missingLinks: 0 });
        await seededQueue('aborted');
        // Short locks: requests the aborted worker had taken come back to the other one soon.
        const input = { queueName: 'aborted', runs: 2, lockSecs: 2, maxConcurrency: 2, intervalSecs: INTERVAL_SECS };
        const [a, b] = await Promise.all([client.actor(WORKER).start(input), client.actor(WORKER).start(input)]);
        const aborted = getRun(emu, a?.id ?? '');
        const other = getRun(emu, b?.id ?? '');
        const handledSoFar = () => emu.requestQueue('aborted')?.info.handledRequestCount ?? 0;
        await crawling(aborted, () => handledBy(aborted) >= 5);
        const handledAtAbort = handledSoFar();
        expect(handledAtAbort).toBeLessThan(site.reachable);
        await client.run(aborted.id).abort({ gracefully: true });

        const [endedA, endedB] = await Promise.all([
            client.run(aborted.id).waitForFinish(),
            client.run(other.id).waitForFinish(),
        ]);
        const timeline = aborted.formatTimeline();
        expect(endedA?.status, timeline).toBe('ABORTED');
        expect(endedB?.status, other.formatTimeline()).toBe('SUCCEEDED');

        // Every page crawled, the ones in flight at the abort maybe twice.
        const urls = [...urlsOf(aborted), ...urlsOf(other)];
        expectEveryPageCrawled(urls, timeline);

        const { truth } = handledTimeline([aborted, other]);
        const messages = aborted.statusMessages();
        // The figures never went lower.
        expect(isSorted(handledIn(messages)), timeline).toBe(true);
        // Its terminal message: its own, "Aborted", with its share and the crawl where it stood.
        const terminal = messages.at(-1);
        expect(terminal, timeline).toMatchObject({ terminal: true });
        expect(terminal?.byPlatform, timeline).toBeUndefined();
        expect(messages.filter((message) => message.terminal).length, timeline).toBe(1);
        expect(terminal?.message, timeline).toMatch(
            /^Aborted: this run \d+ pages? · \d+ items? · the crawl stands at \d+ of at least \d+ across 2 runs/,
        );
        for (const message of messages) {
            expect(message.message, timeline).not.toMatch(/^Finished|the queue was empty/);
        }
        const end = readWorkerMessage(terminal?.message ?? '');
        // The share as it stood when the abort came: Crawlee lets the requests in flight then finish
        // (at most maxConcurrency of them), after the message.
        expect(end.share, timeline).toBeLessThanOrEqual(urlsOf(aborted).length);
        expect(end.share, timeline).toBeGreaterThanOrEqual(urlsOf(aborted).length - input.maxConcurrency);
        expect(end.atLeast, timeline).toBe(true);
        expect(end.handled, timeline).toBeLessThanOrEqual(truth(terminal?.at ?? 0));
        expect(end.handled, timeline).toBeGreaterThanOrEqual(Math.max(...handledIn(messages.slice(0, -1))));

        // The other worker finished the crawl, and says so, with its share: what its crawler handled.
        const otherEnd = other.statusMessages().at(-1);
        expect(otherEnd, other.formatTimeline()).toMatchObject({
            terminal: true,
            message: expect.stringMatching(
                new RegExp(
                    `^Finished: [\\d,]+ of [\\d,]+ pages handled across 2 runs, the queue was empty when this run ended · this run ${crawleeHandled(other)} `,
                ),
            ),
        });
        expectCrawlDone(otherEnd?.message, urls, input.maxConcurrency, other.formatTimeline());
    });
});
