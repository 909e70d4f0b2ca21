import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatedRun, PlatformEmulator } from '../src/index.js';
import { fixtureLauncher } from './helpers/fixture-runs.js';
import { apiError, rawRequest } from './helpers/http.js';

// Runs started over HTTP with the real apify-client, each a real process of the SDK at home
// (test/fixtures/platform-actor.ts), against one emulator.
let emu: PlatformEmulator;
let client: ApifyClient;
const ACTOR = 'platform-actor';

beforeAll(async () => {
    const { startRun } = fixtureLauncher();
    emu = await PlatformEmulator.start({ startRun, abortGraceMs: 5_000, killTimeoutMs: 3_000 });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 2 });
});

afterAll(async () => {
    await emu.close();
});

/** Resolves once the run's process printed READY (its input read, its records written). */
function readyOf(run: EmulatedRun): Promise<string> {
    return run.waitForLog(/ READY$/, 45_000);
}

describe('runs started through POST /v2/acts/:actorId/runs', () => {
    it('start, list and wait with apify-client: the SDK at home reads its input and writes its storages; a run made to fail ends FAILED with its exit code', async () => {
        const started = await client.actor(ACTOR).start({ items: 3, message: 'Working on 3 items' });
        // Answered at once, as the API answers a start: the run is READY, its process not started yet.
        expect(started).toMatchObject({ actId: ACTOR, status: 'READY', exitCode: null });
        const [failed, succeeded] = await Promise.all([
            client.actor(ACTOR).call({ exitCode: 3 }, { log: null }),
            client.run(started.id).waitForFinish(),
        ]);

        expect(succeeded).toMatchObject({
            id: started.id,
            status: 'SUCCEEDED',
            exitCode: 0,
            finishedAt: expect.any(Date),
        });
        expect(await client.run(started.id).dataset().listItems()).toMatchObject({ total: 3 });
        const output = await client.run(started.id).keyValueStore().getRecord('OUTPUT');
        expect(output?.value).toEqual({ input: { items: 3, message: 'Working on 3 items' }, runId: started.id });
        expect(failed).toMatchObject({ status: 'FAILED', exitCode: 3 });

        const { items, total } = await client.actor(ACTOR).runs().list();
        expect(total).toBe(items.length);
        // Other tests of this file start runs of the same Actor on this emulator, before or after this
        // one: only this test's own runs are looked for, in the order they were started.
        const ours = items.filter((item) => item.id === started.id || item.id === failed.id);
        expect(ours.map((item) => [item.id, item.status])).toEqual([
            [started.id, 'SUCCEEDED'],
            [failed.id, 'FAILED'],
        ]);
        for (const item of items) expect(item).not.toHaveProperty('statusMessage');

        // Neither left a terminal message, so the platform put its own in place, marked as such.
        const run = emu.getRun(started.id) as EmulatedRun;
        expect(run.statusMessages().map((record) => [record.message, record.byPlatform ?? false])).toEqual([
            ['Working on 3 items', false],
            ['Actor finished with exit code 0', true],
        ]);
        expect(emu.getRun(failed.id)?.info).toMatchObject({
            statusMessage: 'Actor finished with exit code 3',
            isStatusMessageTerminal: true,
        });
        // Every call the run made carried its own token.
        expect(run.apiCalls().byKind).toMatchObject({
            keyValueStore_record_get: 1,
            dataset_items_post: 1,
            actorRun_put: 1,
        });
        expect(run.timeline.every((entry) => entry.runId === run.id || entry.runId === emu.runId)).toBe(true);
        expect(await client.run(started.id).log().get()).toMatch(/ACTOR: The process ended with exit code 0/);
    });

    it('aborts a running process: gracefully the SDK exits on `aborting`; otherwise SIGTERM ends it', async () => {
        const [gentle, hard] = await Promise.all([
            client.actor(ACTOR).start({ waitForAbort: true }),
            client.actor(ACTOR).start({ waitForAbort: true }),
        ]);
        const gentleRun = emu.getRun(gentle.id) as EmulatedRun;
        const hardRun = emu.getRun(hard.id) as EmulatedRun;
        await Promise.all([readyOf(gentleRun), readyOf(hardRun)]);

        expect(await client.run(gentle.id).abort({ gracefully: true })).toMatchObject({ status: 'ABORTING' });
        expect(await client.run(hard.id).abort()).toMatchObject({ status: 'ABORTING' });
        const [gentleEnd, hardEnd] = await Promise.all([
            client.run(gentle.id).waitForFinish(),
            client.run(hard.id).waitForFinish(),
        ]);
        // The SDK's graceful shutdown called Actor.exit() (exit code 0) within the grace period.
        expect(gentleEnd).toMatchObject({ status: 'ABORTED', exitCode: 0 });
        expect(gentleRun.log()).toMatch(/exit code 0/);
        // Node's default SIGTERM: the process is killed by the signal, 128 + 15.
        expect(hardEnd).toMatchObject({ status: 'ABORTED', exitCode: 143, statusMessage: 'The Actor run was aborted' });
        expect(hardRun.log()).toMatch(/signal SIGTERM/);
    });

    it('answers 404 record-not-found for a run id that does not exist', async () => {
        expect(await client.run('doesNotExist12345').get()).toBeUndefined();
        const res = await rawRequest(`${emu.url}/v2/actor-runs/doesNotExist12345`, {
            headers: { Authorization: `Bearer ${emu.token}` },
        });
        expect(res).toMatchObject({ status: 404, json: apiError('record-not-found') });
        expect((res.json as { error: { message: string } }).error.message).toBe('Actor run was not found');
    });
});

describe('a startRun hook that fails', () => {
    it('leaves the run FAILED with the reason in its log, as a run whose container could not start', async () => {
        const broken = await PlatformEmulator.start({
            startRun: () => {
                throw new Error('no image for this Actor');
            },
        });
        try {
            const other = new ApifyClient({ baseUrl: broken.url, token: broken.token, maxRetries: 0 });
            const started = await other.actor('missing').start();
            expect(started).toMatchObject({ status: 'READY' });
            const run = await other.run(started.id).waitForFinish();
            expect(run).toMatchObject({
                status: 'FAILED',
                exitCode: null,
                statusMessage: 'The Actor run failed to start',
            });
            expect(broken.getRun(run.id)?.log()).toMatch(/could not be started: no image for this Actor/);
        } finally {
            await broken.close();
        }
    });
});
