import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureLauncher } from '../helpers/platform-runs.js';
import { getRun } from '../helpers/scale-out.js';

// A parent run (test/fixtures/progress-parent.ts) starts child runs (test/fixtures/progress-child.ts)
// through the API and follows them with `reporter.followRuns()`; every run is a real process with its own
// token and Console on the emulator.
const INTERVAL_MS = 500;
// The first child runs on for seconds after the second fails, so the failure shows while it runs.
const CHILDREN = [
    { pages: 20, msPerPage: 250 },
    { pages: 15, failAt: 6 },
    { pages: 12, record: false },
];
let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start({ startRun: fixtureLauncher().startRun });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 2 });
});

afterEach(async () => {
    await emu.close();
});

async function runParent(input: Record<string, unknown>): Promise<{ parent: EmulatedRun; children: EmulatedRun[] }> {
    const started = await client.actor('progress-parent').start({ childActor: 'progress-child', ...input });
    const ended = await client.run(started.id).waitForFinish();
    const parent = getRun(emu, started.id);
    expect(ended.status, parent.log()).toBe('SUCCEEDED');
    const children = emu.runs().filter((run) => run.actorId === 'progress-child');
    return { parent, children };
}

/** The parent's GETs about `child`: of the run itself and of its progress record. */
function readsOf(parent: EmulatedRun, child: EmulatedRun) {
    const store = child.info.defaultKeyValueStoreId;
    return parent.timeline.filter(
        (entry) =>
            entry.method === 'GET' &&
            (entry.path === `/v2/actor-runs/${child.id}` ||
                entry.path.startsWith(`/v2/key-value-stores/${store}/records/`)),
    );
}

describe('a parent following its child runs', () => {
    it('sums three children up (one fails) and ends saying how each ended; a run id that does not exist is one warning, and shown as not found', async () => {
        const { parent, children } = await runParent({ children: CHILDREN, alsoFollow: ['NoSuchRun12345678'] });
        const timeline = parent.formatTimeline();
        expect(children.map((child) => child.info.status)).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED']);

        // What each child did, as its own Console says: 20, 5 (it failed on page 6) and 12 pages.
        const done = children.map((child) =>
            Number(/^\w+: (\d+) of/.exec(child.statusMessages().at(-1)?.message ?? '')?.[1]),
        );
        expect(done).toEqual([20, 5, 12]);
        const terminal = parent.statusMessages().at(-1);
        expect(terminal, timeline).toMatchObject({ terminal: true });
        expect(terminal?.byPlatform).toBeUndefined();
        expect(terminal?.message).toBe(
            'Finished: 3 of 4 runs ended (2 finished, 1 failed, 1 not found) · 37 of 47 pages · NoSuchRun12345678: not found; child-1: finished, 20 pages; child-2: failed (exit code 1), 5 pages; child-3: finished, 12 pages',
        );
        // On the way: runs finished, pages summed (never fewer), the failed run named once it failed.
        const progress = parent
            .statusMessages()
            .filter((message) => !message.terminal)
            .map((message) => message.message);
        for (const message of progress) {
            expect(message, timeline).toMatch(
                /^[0-3] of 4 runs finished( · \d+ of (at least )?\d+ pages)?( · 1 run (failed|not found)(, 1 not found)?)?$/,
            );
        }
        const pagesSeen = progress.map((message) => Number(/ · (\d+) of/.exec(message)?.[1] ?? 0));
        expect(pagesSeen, timeline).toEqual([...pagesSeen].sort((a, b) => a - b));
        // The failed run is named while the first child runs on (about 4 s). Only a machine so loaded that
        // the failing child starts that much later could leave no progress message between the two ends.
        const endOf = (child: EmulatedRun | undefined) => Date.parse(child?.info.finishedAt ?? '');
        const othersRanOn = Math.max(endOf(children[0]), endOf(children[2])) - endOf(children[1]);
        if (othersRanOn > 2 * INTERVAL_MS) {
            expect(
                progress.some((message) => message.endsWith(' · 1 run failed, 1 not found')),
                timeline,
            ).toBe(true);
        }

        // The children with a record were followed by it too; the one without, by its status message alone.
        const recordReads = children.map((child) =>
            readsOf(parent, child).filter((entry) => entry.path.includes('/records/') && entry.status === 200),
        );
        expect(recordReads.map((reads) => reads.length > 0)).toEqual([true, true, false]);

        // The run id that does not exist: one clear warning, and the parent went on.
        const warnings = parent
            .log()
            .split('\n')
            .filter((line) => line.includes('NoSuchRun12345678 was not found'));
        expect(warnings, warnings.join('\n')).toHaveLength(1);
        expect(warnings[0]).toContain('Child run NoSuchRun12345678 was not found (404): it is not followed.');

        // Its cost: at most one GET per unfinished child per interval. Once a child has ended: the GET of
        // the run that sees it, its record at most once more for its last counts (besides a read of it
        // already due), then nothing.
        for (const child of children) {
            const reads = readsOf(parent, child);
            const times = reads.map((entry) => entry.at);
            const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / INTERVAL_MS;
            expect(reads.length, `${child.id}: ${times}`).toBeLessThanOrEqual(Math.ceil(span) + 2);
            const endedAt = Date.parse(child.info.finishedAt ?? '');
            const afterEnd = reads.filter((entry) => Date.parse(entry.time) >= endedAt).map((entry) => entry.path);
            expect(
                afterEnd.filter((path) => path.startsWith('/v2/actor-runs/')).length,
                `${afterEnd}`,
            ).toBeLessThanOrEqual(1);
            expect(afterEnd.length, `${child.id}: ${afterEnd}`).toBeLessThanOrEqual(3);
        }
    });

    it("is fed by apify-orchestrator 0.9.0's onUpdate, its runs named by their run names", async () => {
        const { parent, children } = await runParent({ children: CHILDREN, orchestrator: true });
        expect(children).toHaveLength(3);
        expect(parent.statusMessages().at(-1)).toMatchObject({
            terminal: true,
            message:
                'All 3 runs ended: 2 finished, 1 failed · 37 of 47 pages · child-1: finished, 20 pages; child-2: failed (exit code 1), 5 pages; child-3: finished, 12 pages',
        });
    });
});
