import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type EmulatedRun, PlatformEmulator } from '../src/index.js';
import { apiError, rawRequest, until } from './helpers/http.js';

let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start({ abortGraceMs: 200 });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
});

afterEach(async () => {
    await emu.close();
});

describe('runs made with createRun()', () => {
    it('get their own id, token, storages (INPUT stored), web server port and events websocket', async () => {
        const run = await emu.createRun({ actorId: 'me~worker', input: { queueName: 'shared' } });
        expect(run.id).toMatch(/^\w{17}$/);
        expect(run.token).not.toBe(emu.token);
        const info = await client.run(run.id).get();
        expect(info).toMatchObject({
            id: run.id,
            actId: run.actorId,
            status: 'RUNNING',
            statusMessage: null,
            isStatusMessageTerminal: false,
            exitCode: null,
            finishedAt: null,
            containerUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
            stats: expect.objectContaining({ inputBodyLen: '{"queueName":"shared"}'.length }),
        });
        const env = run.env();
        expect(env).toMatchObject({
            APIFY_IS_AT_HOME: '1',
            ACTOR_RUN_ID: run.id,
            APIFY_TOKEN: run.token,
            APIFY_API_BASE_URL: emu.url,
            ACTOR_DEFAULT_KEY_VALUE_STORE_ID: info?.defaultKeyValueStoreId,
            ACTOR_DEFAULT_DATASET_ID: info?.defaultDatasetId,
            ACTOR_DEFAULT_REQUEST_QUEUE_ID: info?.defaultRequestQueueId,
            ACTOR_WEB_SERVER_URL: info?.containerUrl,
            ACTOR_EVENTS_WEBSOCKET_URL: `${emu.url.replace('http', 'ws')}/v2/actor-runs/${run.id}/events`,
        });
        expect(env).not.toHaveProperty('ACTOR_TIMEOUT_AT');
        const input = await client.keyValueStore(env.ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '').getRecord('INPUT');
        expect(input).toMatchObject({ value: { queueName: 'shared' }, contentType: 'application/json; charset=utf-8' });
        expect(await client.actor(run.actorId).get()).toMatchObject({
            id: run.actorId,
            name: 'worker',
            username: 'me',
        });
    });

    it('attribute every request to the run whose token made it, by endpoint kind', async () => {
        const run = await emu.createRun();
        const own = new ApifyClient({ baseUrl: emu.url, token: run.token, maxRetries: 0 });
        await own.run(run.id).update({ statusMessage: '1 of 3' });
        await own.run(run.id).get();
        await own.keyValueStores().getOrCreate('progress');
        await client.run(run.id).get();
        expect(run.apiCalls()).toMatchObject({
            total: 3,
            byKind: { actorRun_put: 1, actorRun_get: 1, keyValueStores_post: 1 },
        });
        expect(run.apiCalls().perMinute).toBeGreaterThan(0);
        expect(emu.defaultRun.apiCalls().byKind).toEqual({ actorRun_get: 1 });
        // The run's timeline: what it sent, and what addressed it (the parent's GET).
        expect(run.timeline.map((entry) => [entry.kind, entry.runId])).toEqual([
            ['actorRun_put', run.id],
            ['actorRun_get', run.id],
            ['keyValueStores_post', run.id],
            ['actorRun_get', emu.runId],
        ]);
    });

    it('keep a Console each: status messages go to the run they name, and the default run is untouched', async () => {
        const first = await emu.createRun();
        const second = await emu.createRun();
        await client.run(first.id).update({ statusMessage: 'first: 1 of 2' });
        await client.run(second.id).update({ statusMessage: 'second: done', isStatusMessageTerminal: true });
        await client.run(first.id).update({ statusMessage: 'first: 2 of 2' });
        expect(first.statusMessages().map((record) => record.message)).toEqual(['first: 1 of 2', 'first: 2 of 2']);
        expect(second.formatTimeline()).toMatch(/^\+\d+\.\ds {2}\[terminal\] second: done$/);
        expect(emu.statusMessages()).toEqual([]);
        await client.run(second.id).update({ statusMessage: 'late' });
        expect(emu.timeline.at(-1)).toMatchObject({ afterTerminal: true, currentMessage: 'late' });
    });

    it('end by hand: SUCCEEDED for 0, FAILED otherwise, with exitCode and finishedAt', async () => {
        const ok = await emu.createRun();
        const bad = await emu.createRun();
        ok.finish(0);
        bad.finish(3);
        expect(ok.info).toMatchObject({ status: 'SUCCEEDED', exitCode: 0, finishedAt: expect.any(String) });
        expect(await client.run(bad.id).get()).toMatchObject({ status: 'FAILED', exitCode: 3 });
        expect(() => bad.finish(1)).not.toThrow();
        expect(bad.info.exitCode).toBe(3);
        expect(() => ok.finish(-1)).toThrow(/`exitCode`/);
    });

    it('get the platform message when they end without a terminal one, marked as the platform’s', async () => {
        const silent = await emu.createRun();
        const progress = await emu.createRun();
        const finished = await emu.createRun();
        await client.run(progress.id).update({ statusMessage: '3 of 10 pages' });
        await client.run(finished.id).update({ statusMessage: 'Done: 10 of 10', isStatusMessageTerminal: true });
        for (const run of [silent, progress, finished]) run.finish(run === progress ? 1 : 0);

        expect(silent.statusMessages()).toEqual([
            { at: expect.any(Number), message: 'Actor finished with exit code 0', terminal: true, byPlatform: true },
        ]);
        expect(progress.statusMessages().map((record) => [record.message, record.byPlatform])).toEqual([
            ['3 of 10 pages', undefined],
            ['Actor finished with exit code 1', true],
        ]);
        expect(progress.formatTimeline().split('\n')[1]).toMatch(
            /\[platform\] \[terminal\] Actor finished with exit code 1$/,
        );
        expect(await client.run(progress.id).get()).toMatchObject({
            statusMessage: 'Actor finished with exit code 1',
            isStatusMessageTerminal: true,
        });
        // A terminal message of the Actor's own stays.
        expect(finished.statusMessages()).toHaveLength(1);
        expect(finished.info.statusMessage).toBe('Done: 10 of 10');
    });

    it('answer waitForFinish when they finish, or with the run as it is when the wait is over', async () => {
        const run = await emu.createRun();
        // A match function sees each request as it arrives (and, returning false, lets it through).
        let arrived: () => void = () => {};
        const received = new Promise<void>((resolve) => {
            arrived = resolve;
        });
        emu.fault({
            delayMs: 0,
            match: (request) => {
                if (request.kind === 'actorRun_get') arrived();
                return false;
            },
        });
        const waiting = client.run(run.id).waitForFinish({ waitSecs: 30 });
        await received;
        run.finish(0);
        // The GET arrived while the run was RUNNING and was answered once it had finished.
        expect(await waiting).toMatchObject({ id: run.id, status: 'SUCCEEDED' });
        expect(run.timeline.filter((entry) => entry.kind === 'actorRun_get')).toHaveLength(1);
        const other = await emu.createRun();
        expect(await client.run(other.id).get({ waitForFinish: 1 })).toMatchObject({ status: 'RUNNING' });
    });

    it('abort at once, or gracefully: aborting and persistState on their websocket, ABORTED after the grace period', async () => {
        const hard = await emu.createRun();
        expect(await client.run(hard.id).abort()).toMatchObject({ status: 'ABORTED', exitCode: null });
        expect(hard.statusMessages().at(-1)).toMatchObject({ message: 'The Actor run was aborted', byPlatform: true });

        const soft = await emu.createRun();
        const socket = new WebSocket(soft.env().ACTOR_EVENTS_WEBSOCKET_URL ?? '');
        const events: unknown[] = [];
        socket.on('message', (data) => events.push(JSON.parse(String(data))));
        await until(() => soft.eventClients() === 1, 'the websocket client');
        try {
            expect(await client.run(soft.id).abort({ gracefully: true })).toMatchObject({ status: 'ABORTING' });
            expect(await soft.waitForFinish(5_000)).toMatchObject({ status: 'ABORTED' });
            await until(() => events.length === 2, 'both events');
            expect(events).toEqual([
                { name: 'aborting', data: {} },
                { name: 'persistState', data: { isMigrating: false } },
            ]);
            expect(emu.eventClients()).toBe(0);
        } finally {
            socket.terminate();
        }
        // Aborting a finished run answers it as it is.
        expect(await client.run(soft.id).abort()).toMatchObject({ status: 'ABORTED' });
    });

    it('serve their log, and follow it with stream=1 until the run ends (what actor.call() reads)', async () => {
        const run = await emu.createRun();
        const stream = (await client.run(run.id).log().stream({ raw: true })) as NodeJS.ReadableStream;
        const chunks: string[] = [];
        const ended = new Promise<void>((resolve) => stream.on('end', () => resolve()));
        stream.on('data', (chunk: Buffer) => chunks.push(String(chunk)));
        run.finish(4);
        await ended;
        expect(chunks.join('')).toMatch(/^\S+Z ACTOR: The run was ended by hand with exit code 4\.\n$/);
        expect(await client.run(run.id).log().get()).toBe(chunks.join(''));
    });

    it('time out: TIMING-OUT, then TIMED-OUT, with ACTOR_TIMEOUT_AT in their env', async () => {
        const run = await emu.createRun({ timeoutSecs: 0.2 });
        expect(Date.parse(run.env().ACTOR_TIMEOUT_AT ?? '')).toBe(Date.parse(run.info.startedAt) + 200);
        expect(await run.waitForFinish(5_000)).toMatchObject({
            status: 'TIMED-OUT',
            statusMessage: 'The Actor run timed out',
        });
    });
});

describe('run lists', () => {
    it('list runs without status messages, with the reference’s pagination fields', async () => {
        const a = await emu.createRun({ actorId: 'lister' });
        const b = await emu.createRun({ actorId: 'lister' });
        await client.run(a.id).update({ statusMessage: 'not in lists' });
        b.finish(2);
        const all = await client.runs().list();
        expect(all).toMatchObject({ total: 3, offset: 0, count: 3, desc: false, limit: 1000 });
        expect(all.items.map((item) => item.id)).toEqual([emu.runId, a.id, b.id]);
        for (const item of all.items) expect(item).not.toHaveProperty('statusMessage');

        const mine = await client.actor('lister').runs().list({ desc: true, limit: 1 });
        expect(mine).toMatchObject({ total: 2, count: 1, desc: true, items: [{ id: b.id, status: 'FAILED' }] });
        const failed = await rawRequest(`${emu.url}/v2/actor-runs?status=FAILED,ABORTED`, {
            headers: { Authorization: `Bearer ${emu.token}` },
        });
        expect((failed.json as { data: { items: { id: string }[] } }).data.items.map((item) => item.id)).toEqual([
            b.id,
        ]);
    });
});

describe('starting runs over HTTP', () => {
    it('answers 501 naming the hook when no startRun hook was given', async () => {
        await expect(client.actor('some-actor').start({ a: 1 })).rejects.toMatchObject({
            statusCode: 501,
            type: 'not-implemented',
            message: expect.stringContaining('startRun'),
        });
        expect(emu.runs()).toHaveLength(1);
    });

    it('does not bring back a run aborted while its hook was still starting it: the process is killed', async () => {
        let release: () => void = () => {};
        const hookMayReturn = new Promise<void>((resolve) => {
            release = resolve;
        });
        const killed: string[] = [];
        const slow = await PlatformEmulator.start({
            startRun: async () => {
                await hookMayReturn;
                return { exited: new Promise<never>(() => {}), kill: (signal: NodeJS.Signals) => killed.push(signal) };
            },
        });
        try {
            const other = new ApifyClient({ baseUrl: slow.url, token: slow.token, maxRetries: 0 });
            const started = await other.actor('slow-starter').start();
            expect(started).toMatchObject({ status: 'READY' });
            await until(() => slow.runs().length === 2, 'the run to be created');
            const run = slow.runs()[1] as EmulatedRun;
            expect(run.info.status).toBe('READY');
            await other.run(run.id).abort();
            release();
            expect(await other.run(run.id).waitForFinish()).toMatchObject({ id: run.id, status: 'ABORTED' });
            await until(() => killed.length > 0, 'the process to be killed');
            expect(killed).toEqual(['SIGKILL']);
        } finally {
            await slow.close();
        }
    });

    it('checks the query options it is given', async () => {
        const started = await PlatformEmulator.start({
            startRun: () => ({ exited: new Promise(() => {}), kill() {} }),
        });
        try {
            const other = new ApifyClient({ baseUrl: started.url, token: started.token, maxRetries: 0 });
            await expect(other.actor('a').start({}, { memory: 100 })).rejects.toMatchObject({ statusCode: 400 });
            await expect(other.actor('a').start({}, { memory: 300 })).rejects.toMatchObject({ statusCode: 400 });
            const res = await rawRequest(`${started.url}/v2/acts/a/runs`, {
                method: 'POST',
                headers: { Authorization: `Bearer ${started.token}`, 'Content-Type': 'application/json' },
                body: '{"not json',
            });
            expect(res).toMatchObject({ status: 400, json: apiError('run-input-body-not-valid-json') });
        } finally {
            await started.close();
        }
    });
});
