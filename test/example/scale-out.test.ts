import { PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startExampleRun } from '../../examples/demo/several-runs.js';
import { type Site, startSite } from '../../examples/site/index.js';

// The example Actor scaled out, every run a real process of it: a parent run (input `workers`) starts
// worker runs of the same Actor on one request queue through the API and follows them.
const ACTOR = 'actor-progress-crawler-example';
let emulator: PlatformEmulator | undefined;
let site: Site | undefined;

afterEach(async () => {
    await emulator?.close();
    await site?.close();
});

/** "1 page", "12 pages": the parent words each worker's share with the right number. */
const pages = (n: number | undefined) => `${n} ${n === 1 ? 'page' : 'pages'}`;

describe('the example Actor with workers', () => {
    it('a parent with two workers: every page crawled once, each worker its share, the parent the sum', async () => {
        site = await startSite({ pages: 40, slowFraction: 0.5, slowDelayMs: 100, failingFraction: 0 });
        emulator = await PlatformEmulator.start({ startRun: startExampleRun });
        const client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token });
        const started = await client
            .actor(ACTOR)
            .start({ startUrls: [{ url: site.startUrl }], workers: 2, maxConcurrency: 3, statusIntervalSecs: 1 });
        const parent = await client.run(started.id).waitForFinish();
        const parentRun = emulator.getRun(started.id);
        expect(parent.status, parentRun?.log()).toBe('SUCCEEDED');
        const workers = emulator.runs().filter((run) => run.actorId === ACTOR && run.id !== started.id);
        expect(workers.map((run) => run.info.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
        // The workers got the parent's queue and the number of runs in their input.
        expect(workers[0]?.input?.json).toMatchObject({ sharedQueue: parentRun?.info.defaultRequestQueueId, runs: 2 });

        const urls = workers.flatMap((run) =>
            ((emulator?.dataset(run.info.defaultDatasetId)?.items() ?? []) as { url: string }[]).map(
                (item) => item.url,
            ),
        );
        expect(urls.length).toBe(site.succeeding);
        expect(new Set(urls).size).toBe(site.succeeding);

        const shares = workers.map((run) => {
            const last = run.statusMessages().at(-1);
            expect(last, run.formatTimeline()).toMatchObject({ terminal: true });
            expect(last?.message).toMatch(/across 2 runs/);
            return Number(
                /this run (\d+)|my share: (\d+)/
                    .exec(last?.message ?? '')
                    ?.slice(1)
                    .find(Boolean),
            );
        });
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(site.succeeding);
        expect(parentRun?.statusMessages().at(-1)).toMatchObject({
            terminal: true,
            message: `All 2 runs finished · ${site.succeeding} of ${site.reachable} pages · worker 1: finished, ${pages(shares[0])}; worker 2: finished, ${pages(shares[1])}`,
        });
    });
});
