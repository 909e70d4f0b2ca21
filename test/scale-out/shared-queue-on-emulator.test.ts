import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { fixtureLauncher } from '../helpers/platform-runs.js';
import { getRun, storedUrls } from '../helpers/scale-out.js';

// Several real worker processes (test/fixtures/platform-worker.ts: the SDK at home, Crawlee's locking
// request queue, a CheerioCrawler) crawl the bundled site through one named queue of the emulator.
const WORKER = 'platform-worker';
let emu: PlatformEmulator;
let client: ApifyClient;
let site: Site;
let launcher: ReturnType<typeof fixtureLauncher>;

beforeEach(async () => {
    launcher = fixtureLauncher();
    emu = await PlatformEmulator.start({ startRun: launcher.startRun });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 2 });
});

afterEach(async () => {
    await emu.close();
    await site?.close();
});

const run = (id: string): EmulatedRun => getRun(emu, id);

const urlsOf = (runId: string) => storedUrls(emu, run(runId));

/** The URL of every page a full crawl hands to the request handler (200 pages and 404 links). */
function succeedingUrls(): string[] {
    const pages = Array.from({ length: site.pages }, (_, index) => index)
        .filter((index) => !site.failingPages.includes(index))
        .map((index) => `${site.url}/page/${index}`);
    return [...pages, ...site.missingPaths.map((path) => `${site.url}${path}`)].sort();
}

describe('workers sharing one named request queue', () => {
    it('three worker processes crawl the site with every page handled exactly once in all', async () => {
        site = await startSite({ pages: 60, slowFraction: 1, slowDelayMs: 100, failingFraction: 0.05 });
        const started = await Promise.all(
            [1, 2, 3].map(() => client.actor(WORKER).start({ queueName: 'shared', maxConcurrency: 3 })),
        );
        await Promise.all(started.map(({ id }) => run(id).waitForLog(/ READY$/, 45_000)));
        // Every worker has the queue open and waits for requests: seed it now.
        const queue = emu.requestQueue('shared');
        await client.requestQueue(queue?.id ?? '').addRequest({ url: site.startUrl, uniqueKey: site.startUrl });
        const ended = await Promise.all(started.map(({ id }) => client.run(id).waitForFinish()));

        expect(ended.map((end) => [end.status, end.exitCode])).toEqual([
            ['SUCCEEDED', 0],
            ['SUCCEEDED', 0],
            ['SUCCEEDED', 0],
        ]);
        const urls = started.flatMap(({ id }) => urlsOf(id));
        expect(urls.length).toBe(site.succeeding);
        expect([...urls].sort()).toEqual(succeedingUrls());
        expect(queue?.info).toMatchObject({
            totalRequestCount: site.reachable,
            handledRequestCount: site.reachable,
            pendingRequestCount: 0,
            hadMultipleClients: true,
        });
        const shares = started.map(({ id }) => urlsOf(id).length);
        expect(shares.filter((share) => share > 0).length, `pages per run: ${shares}`).toBeGreaterThan(1);
        // Each run's Console ends on a terminal message: Crawlee's own "Finished!" when it landed, and
        // the platform's only when the run left none. (Crawlee races that PUT against 1 ms and the
        // worker exits right after: on a loaded machine the process may be gone before it is sent.)
        for (const { id } of started) {
            const messages = run(id).statusMessages();
            const fromTheRun = messages.filter((record) => record.terminal && !record.byPlatform);
            const last = messages.at(-1);
            expect(
                { terminal: last?.terminal, message: last?.message, byPlatform: last?.byPlatform ?? false },
                run(id).formatTimeline(),
            ).toEqual(
                fromTheRun.length > 0
                    ? { terminal: true, message: expect.stringMatching(/^Finished!/), byPlatform: false }
                    : { terminal: true, message: 'Actor finished with exit code 0', byPlatform: true },
            );
        }
    });

    it('a worker killed with SIGKILL mid-crawl leaves its requests locked until the locks expire; started again, the crawl completes', async () => {
        site = await startSite({ pages: 40, slowFraction: 1, slowDelayMs: 150, failingFraction: 0 });
        const input = { queueName: 'resumable', startUrl: site.startUrl, lockSecs: 3, maxConcurrency: 2 };
        const first = await client.actor(WORKER).start(input);
        const handled = (entries: readonly { kind?: string; body: unknown }[]) =>
            entries.filter(
                (entry) =>
                    entry.kind === 'requestQueue_request_put' && (entry.body as { handledAt?: unknown })?.handledAt,
            ).length;
        await run(first.id).waitFor((entries) => handled(entries) >= 5, 45_000);

        const held =
            emu
                .requestQueue('resumable')
                ?.requests()
                .filter((request) => request.lock?.runId === first.id) ?? [];
        launcher.processes.get(first.id)?.kill('SIGKILL');
        const killed = await client.run(first.id).waitForFinish();
        expect(killed).toMatchObject({ status: 'FAILED', exitCode: 137 });
        // An update already on the wire when the process died still lands: count only what stayed unhandled.
        const unhandled = new Set(
            emu
                .requestQueue('resumable')
                ?.requests()
                .filter((request) => !request.handledAt)
                .map((request) => request.id),
        );
        const orphaned = held.filter((request) => unhandled.has(request.id));
        expect(orphaned.length).toBeGreaterThan(0);

        const again = await client.actor(WORKER).start({ ...input, startUrl: undefined });
        const ended = await client.run(again.id).waitForFinish();
        expect(ended).toMatchObject({ status: 'SUCCEEDED', exitCode: 0 });
        expect(emu.requestQueue('resumable')?.info).toMatchObject({
            handledRequestCount: site.reachable,
            pendingRequestCount: 0,
        });
        const both = new Set([...urlsOf(first.id), ...urlsOf(again.id)]);
        expect([...both].sort()).toEqual(succeedingUrls());
        // The requests the killed worker held were handled by the new one, and only after their locks ran out.
        const againEntries = run(again.id).timeline;
        for (const request of orphaned) {
            const handledAt = againEntries.find(
                (entry) =>
                    entry.kind === 'requestQueue_request_put' &&
                    entry.path.endsWith(`/requests/${request.id}`) &&
                    (entry.body as { handledAt?: unknown })?.handledAt,
            );
            expect(handledAt, `${request.url} handled by the new worker`).toBeDefined();
            expect(Date.parse(handledAt?.time ?? '')).toBeGreaterThanOrEqual(Date.parse(request.lock?.expiresAt ?? ''));
        }
    });
});
