import type { ChildProcess } from 'node:child_process';
import { PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { fixtureLauncher, spawnRun } from '../helpers/platform-runs.js';
import {
    callTimes,
    getRun,
    handledIn,
    handledTimeline,
    readWorkerMessage,
    seedQueue,
    storedUrls,
} from '../helpers/scale-out.js';

// Real worker processes (test/fixtures/shared-worker.ts: the SDK at home, Crawlee's locking queue, a
// CheerioCrawler, and `new ProgressReporter({ sharedQueue: { runs } })`) crawl the bundled site through
// one named queue of the emulator, each with its own Console.
const WORKER = 'shared-worker';
const INTERVAL_MS = 500;
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
const urlsOf = (runId: string) => storedUrls(emu, getRun(emu, runId));

describe('workers on one shared queue, each reporting the whole crawl', () => {
    it('three workers: every page crawled once; each last message at most one queue read behind the truth; the terminal messages add up', async () => {
        site = await startSite({ pages: 60, slowFraction: 1, slowDelayMs: 80, failingFraction: 0.05 });
        await seededQueue('shared');
        const input = { queueName: 'shared', runs: 3, intervalSecs: INTERVAL_MS / 1000 };
        const started = await Promise.all([1, 2, 3].map(() => client.actor(WORKER).start(input)));
        const ended = await Promise.all(started.map(({ id }) => client.run(id).waitForFinish()));
        expect(ended.map((run) => run.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
        const runs = started.map(({ id }) => getRun(emu, id));

        // Every page was crawled once in all.
        const urls = runs.flatMap((run) => urlsOf(run.id));
        expect(urls.length).toBe(site.succeeding);
        expect(new Set(urls).size).toBe(site.succeeding);
        expect(emu.requestQueue('shared')?.info).toMatchObject({ handledRequestCount: site.reachable });

        const { truth } = handledTimeline(runs);
        let shares = 0;
        let sawDone = false;
        for (const run of runs) {
            const messages = run.statusMessages();
            const timeline = run.formatTimeline();
            // The last progress message: the whole crawl, never more than the queue had handled when the
            // message arrived, and at most one read behind: the run reads the queue once per interval,
            // one read at a time, and a message shows the latest answer it has, so at least what the
            // queue had handled when the read before the latest one (which may still be on its way)
            // came in. Checked in the order the emulator saw the calls, not in milliseconds.
            const progress = messages.filter((message) => !message.terminal && !message.byPlatform);
            const last = progress.at(-1);
            expect(last, timeline).toBeDefined();
            const said = readWorkerMessage(last?.message ?? '');
            expect(said.handled, timeline).toBeDefined();
            expect(said.handled, timeline).toBeLessThanOrEqual(truth(last?.at ?? 0));
            const readsBefore = run.timeline.filter(
                (entry) => entry.kind === 'requestQueue_get' && entry.at < (last?.at ?? 0),
            );
            expect(said.handled, timeline).toBeGreaterThanOrEqual(truth(readsBefore.at(-2)?.receivedAt ?? 0));
            expect(last?.message, timeline).toMatch(/ pages? handled across 3 runs · this run /);
            // The figures never went backwards.
            const handledSeen = handledIn(progress);
            expect(handledSeen, timeline).toEqual([...handledSeen].sort((a, b) => a - b));

            // The terminal message: this run's share, which is what it stored, and where the crawl stands.
            const terminal = messages.at(-1);
            expect(terminal, timeline).toMatchObject({ terminal: true });
            expect(terminal?.byPlatform, timeline).toBeUndefined();
            const end = readWorkerMessage(terminal?.message ?? '');
            expect(end.share, timeline).toBe(urlsOf(run.id).length);
            shares += (end.share ?? 0) + end.failedHere;
            if (end.crawlDone) {
                sawDone = true;
                expect(end, timeline).toMatchObject({ handled: site.reachable, total: site.reachable, atLeast: false });
            } else {
                expect(terminal?.message, timeline).toMatch(/^Finished my share: /);
            }

            // Its cost: at most one queue read and one status message per interval over the time it
            // made them (arrival times jitter, so they are counted, not spaced), plus the terminal message
            // and the read that settles it. The first two reads are the SDK's own, when it opens the queue.
            const perInterval = (times: number[]) => ((times.at(-1) ?? 0) - (times[0] ?? 0)) / INTERVAL_MS;
            const reads = callTimes(run, 'requestQueue_get').slice(2);
            expect(reads.length, `queue reads at ${reads}`).toBeLessThanOrEqual(Math.ceil(perInterval(reads)) + 2);
            const puts = callTimes(run, 'actorRun_put');
            expect(puts.length, `status messages at ${puts}`).toBeLessThanOrEqual(Math.ceil(perInterval(puts)) + 2);
        }
        expect(shares).toBe(site.reachable);
        // The worker that finished last read a drained queue: it says the queue was empty.
        expect(sawDone).toBe(true);
    });

    it('a worker killed with SIGKILL mid-crawl and started again continues: its share restored, the figures never lower', async () => {
        site = await startSite({ pages: 40, slowFraction: 1, slowDelayMs: 150, failingFraction: 0 });
        await seededQueue('resumable');
        // A run the test drives by hand: its processes are the same run started again, as the platform
        // restarts a run (same run id, same storages).
        const run = await emu.createRun({
            actorId: WORKER,
            input: {
                queueName: 'resumable',
                runs: 1,
                lockSecs: 2,
                maxConcurrency: 2,
                intervalSecs: INTERVAL_MS / 1000,
            },
        });
        const store = () => emu.keyValueStore(run.info.defaultKeyValueStoreId);
        const handledSoFar = () => emu.requestQueue('resumable')?.info.handledRequestCount ?? 0;
        const first: ChildProcess = spawnRun(WORKER, run);
        await run.waitFor(() => handledSoFar() >= 8, 45_000);
        // The platform's persistState: Crawlee saves its statistics, the reporter the figures it has shown.
        run.sendEvent('persistState', { isMigrating: false });
        await run.waitFor(
            () =>
                store()?.getRecord('SDK_CRAWLER_STATISTICS_0') !== undefined &&
                store()?.getRecord('ACTOR_PROGRESS_STATE') !== undefined,
            10_000,
        );
        const persisted = store()?.getRecord('SDK_CRAWLER_STATISTICS_0')?.value as {
            requestsFinished: number;
            requestsFailed: number;
        };
        await run.waitFor(() => handledSoFar() >= 14, 45_000);
        first.kill('SIGKILL');
        await new Promise((resolve) => first.once('exit', resolve));
        const shownBeforeKill = run.statusMessages().length;
        const handledByFirst = handledSoFar();

        const second = spawnRun(WORKER, run);
        const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
        expect(code, run.log()).toBe(0);
        run.finish(0);

        const messages = run.statusMessages();
        const timeline = run.formatTimeline();
        // The whole crawl's figures never went backwards, across the restart.
        const handledSeen = handledIn(messages);
        expect(handledSeen, timeline).toEqual([...handledSeen].sort((a, b) => a - b));
        expect(messages.length).toBeGreaterThan(shownBeforeKill + 1);
        // The crawl completed, and the terminal message says so.
        expect(emu.requestQueue('resumable')?.info).toMatchObject({
            handledRequestCount: site.reachable,
            pendingRequestCount: 0,
        });
        expect(messages.at(-1), timeline).toMatchObject({
            terminal: true,
            message: expect.stringMatching(
                new RegExp(
                    `^Finished: ${site.reachable} of ${site.reachable} pages handled across 1 run, the queue was empty when this run ended · this run \\d+`,
                ),
            ),
        });
        // Its share: what the saved statistics had, and what the second start handled. Pages the first
        // start handled after the save are in the queue, and in the whole crawl's figures, but not in it.
        const end = readWorkerMessage(messages.at(-1)?.message ?? '');
        const restored = persisted.requestsFinished + persisted.requestsFailed;
        expect((end.share ?? 0) + end.failedHere, timeline).toBe(restored + site.reachable - handledByFirst);
    });
});
