import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { fixtureLauncher } from '../helpers/platform-runs.js';
import { getRun, handledIn, handledTimeline, readWorkerMessage, seedQueue, storedUrls } from '../helpers/scale-out.js';

// A parent (test/fixtures/progress-parent.ts) starts three workers (test/fixtures/shared-worker.ts) on one
// shared queue and follows them; every run is a real process. The platform as it is: starts answered
// READY, Actors that must exist, queue counts that lag two seconds. One worker is killed mid-crawl
// (SIGKILL): the platform then puts "Actor finished with exit code 137" in place of its last message.
const PARENT = 'progress-parent';
const WORKER = 'shared-worker';
const LAG_MS = 2_000;
let emu: PlatformEmulator | undefined;
let site: Site | undefined;

afterEach(async () => {
    await emu?.close();
    await site?.close();
});

const isSorted = (values: readonly number[]) => values.every((value, i) => i === 0 || value >= (values[i - 1] ?? 0));

/**
 * The pages a parent's message sums up: "12 of at least 40 pages" (undefined before it names any), and
 * "90 of 90 pages handled: at least 60 done" once a killed worker's pages are handled, done or failed.
 */
function parentPages(text: string): { done: number; handled: number; total: number | undefined } | undefined {
    const match = / · (\d+)(?: of (?:at least )?(\d+))? pages?(?: handled: at least (\d+) done)?\b/.exec(text);
    if (!match) return undefined;
    const first = Number(match[1]);
    return {
        done: match[3] === undefined ? first : Number(match[3]),
        handled: first,
        total: match[2] === undefined ? undefined : Number(match[2]),
    };
}

describe('a parent following workers on a shared queue, the platform lagging', () => {
    it("keeps a killed worker's pages, and neither the parent's nor the workers' figures ever go backwards or past the truth", async () => {
        const launcher = fixtureLauncher();
        emu = await PlatformEmulator.start({
            startRun: launcher.startRun,
            actors: [PARENT, WORKER],
            queueCountLagMs: LAG_MS,
        });
        const emulator = emu;
        site = await startSite({ pages: 90, slowFraction: 1, slowDelayMs: 300, failingFraction: 0, missingLinks: 0 });
        const client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token, maxRetries: 2 });
        await seedQueue(client, 'lagging', site.startUrl);
        const workerInput = { queueName: 'lagging', runs: 3, lockSecs: 2, maxConcurrency: 2, intervalSecs: 0.5 };
        const started = await client
            .actor(PARENT)
            .start({ childActor: WORKER, children: [workerInput, workerInput, workerInput] });
        expect(started.status).toBe('READY');
        const parent = getRun(emulator, started.id);

        // The first worker, once it has said it handled a few pages and the parent has read that.
        await parent.waitFor(() => emulator.runs().filter((run) => run.actorId === WORKER).length === 3, 60_000);
        const victim = emulator.runs().filter((run) => run.actorId === WORKER)[0] as EmulatedRun;
        const saidAt = await new Promise<number>((resolve, reject) => {
            victim
                .waitFor(
                    () => victim.statusMessages().some((m) => (readWorkerMessage(m.message).share ?? 0) >= 3),
                    60_000,
                )
                .then(() => resolve(victim.statusMessages().at(-1)?.at ?? 0), reject);
        });
        await parent.waitFor(
            (entries) =>
                entries.some(
                    (entry) =>
                        entry.method === 'GET' && entry.path === `/v2/actor-runs/${victim.id}` && entry.at > saidAt,
                ),
            30_000,
        );
        const seenShare = readWorkerMessage(victim.statusMessages().at(-1)?.message ?? '').share ?? 0;
        launcher.processes.get(victim.id)?.kill('SIGKILL');

        await parent.waitForFinish(120_000);
        const timeline = parent.formatTimeline();
        const workers = emulator.runs().filter((run) => run.actorId === WORKER);
        expect(workers.map((run) => run.info.status).sort(), timeline).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
        expect(victim.statusMessages().at(-1), victim.formatTimeline()).toMatchObject({
            message: 'Actor finished with exit code 137',
            byPlatform: true,
        });
        const handled = emulator.requestQueue('lagging')?.info.handledRequestCount ?? 0;
        expect(handled).toBe(site.reachable);
        const { truth } = handledTimeline(workers);

        // The workers: the crawl never shown past what the queue had handled when the message arrived, its
        // figures and the share never lower than before, and "the queue was empty" only when it was.
        for (const worker of workers) {
            const messages = worker.statusMessages().filter((message) => !message.byPlatform);
            const said = messages.map((message) => ({ at: message.at, ...readWorkerMessage(message.message) }));
            for (const message of said) {
                if (message.handled !== undefined) {
                    expect(message.handled, worker.formatTimeline()).toBeLessThanOrEqual(truth(message.at));
                }
                if (message.crawlDone) expect(truth(message.at), worker.formatTimeline()).toBe(site.reachable);
            }
            expect(isSorted(handledIn(messages)), worker.formatTimeline()).toBe(true);
            const shares = said.map((message) => message.share).filter((share) => share !== undefined);
            expect(isSorted(shares), worker.formatTimeline()).toBe(true);
        }

        // The parent: its pages never lower than it said before, never more than were handled, and at the
        // end every page, the killed worker's too; the killed worker keeps at least what it was seen to do.
        const messages = parent.statusMessages();
        const pages = messages.map((message) => parentPages(message.message)).filter((said) => said !== undefined);
        const done = pages.map((said) => said.done);
        expect(isSorted(done), timeline).toBe(true);
        expect(isSorted(pages.map((said) => said.handled)), timeline).toBe(true);
        for (const message of messages) {
            const said = parentPages(message.message);
            if (said) expect(said.handled, timeline).toBeLessThanOrEqual(truth(message.at));
        }
        const terminal = messages.at(-1);
        expect(terminal, timeline).toMatchObject({ terminal: true });
        expect(terminal?.byPlatform, timeline).toBeUndefined();
        const stored = workers.map((run) => storedUrls(emulator, run).length);
        const survivorsStored = workers
            .filter((run) => run !== victim)
            .reduce((sum, run) => sum + storedUrls(emulator, run).length, 0);
        const end = parentPages(terminal?.message ?? '');
        // At least every page the survivors did and what was seen of the killed one; at most all there were.
        expect(end?.done, `${timeline}\nstored ${stored}`).toBeGreaterThanOrEqual(survivorsStored + seenShare);
        // Never more done than were: every page done is stored (the killed worker's too).
        const storedInAll = stored.reduce((sum, count) => sum + count, 0);
        expect(end?.done, `${timeline}\nstored ${stored}`).toBeLessThanOrEqual(storedInAll);
        // Handled (done, failed, or done by the killed worker without saying so): at most every page. The
        // workers' last readings of the lagging queue may be short of it (then "of at least").
        expect(end?.handled, timeline).toBeLessThanOrEqual(site.reachable);
        expect(terminal?.message, timeline).toMatch(/^All 3 runs ended: 2 finished, 1 failed · /);
        const killed = /(child-\d): failed \(exit code 137\), at least (\d+) pages?/.exec(terminal?.message ?? '');
        expect(killed, timeline).not.toBeNull();
        expect(Number(killed?.[2]), timeline).toBeGreaterThanOrEqual(seenShare);
    });
});
