import { ApifyClient } from 'apify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformEmulator, type RunProcess } from '../src/index.js';
import { apiError, rawRequest, until } from './helpers/http.js';

// Where the platform is less kind than an exact emulator: starts answered before the run starts, Actors
// that must exist, counts that lag, limits on every endpoint, said in every answer. Checked against
// Apify's OpenAPI spec (apify-docs, apify-api/openapi) and the API reference's "Rate limiting".

let emu: PlatformEmulator | undefined;

afterEach(async () => {
    await emu?.close();
    emu = undefined;
});

const auth = (emulator: PlatformEmulator) => ({ Authorization: `Bearer ${emulator.token}` });

/** A run process that never ends by itself, started by hand. */
function idleProcess(): RunProcess {
    let exit: (value: { code: number | null; signal: NodeJS.Signals | null }) => void = () => {};
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        exit = resolve;
    });
    return { exited, kill: (signal) => exit({ code: null, signal }) };
}

describe('POST /v2/acts/:actorId/runs', () => {
    it('answers at once, 201 with the run READY and its Location; the process starts after the answer', async () => {
        const hookCalls: string[] = [];
        emu = await PlatformEmulator.start({
            runStartDelayMs: 300,
            startRun: (run) => {
                hookCalls.push(run.id);
                return idleProcess();
            },
        });
        const res = await rawRequest(`${emu.url}/v2/acts/my-actor/runs`, {
            method: 'POST',
            headers: { ...auth(emu), 'Content-Type': 'application/json' },
            body: '{}',
        });
        const run = (res.json as { data: { id: string; status: string } }).data;
        expect(res.status).toBe(201);
        expect(run.status).toBe('READY');
        expect(res.headers.location).toBe(`${emu.url}/v2/actors/my-actor/runs/${run.id}`);
        expect(hookCalls).toEqual([]);
        const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
        await until(() => hookCalls.length === 1, 'the hook to be called');
        expect(await client.run(run.id).get()).toMatchObject({ status: 'RUNNING' });
        // `waitForFinish` still waits for the run, its process started first.
        const waited = await client.actor('my-actor').start({}, { waitForFinish: 1 });
        expect(waited.status).toBe('RUNNING');
    });

    it('answers 404 for an Actor the platform does not have, given the Actors there are', async () => {
        emu = await PlatformEmulator.start({ actors: ['crawler', 'me/enricher'], startRun: () => idleProcess() });
        const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
        await expect(client.actor('crawlr').start()).rejects.toMatchObject({
            statusCode: 404,
            type: 'record-not-found',
            message: 'Actor was not found',
        });
        expect(await client.actor('crawler').start()).toMatchObject({ actId: 'crawler', status: 'READY' });
        expect(await client.actor('me/enricher').start()).toMatchObject({ status: 'READY' });
        await expect(PlatformEmulator.start({ actors: [''] })).rejects.toThrow(/`actors`.*\[""\]/);
    });
});

describe('request queue counts', () => {
    it('lag behind the queue by queueCountLagMs, as the API answers them; the queue itself is exact', async () => {
        emu = await PlatformEmulator.start({ queueCountLagMs: 400 });
        const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
        const { id } = await client.requestQueues().getOrCreate('lagging');
        const queue = client.requestQueue(id);
        const added = await queue.addRequest({ url: 'http://site/1', uniqueKey: 'u1' });
        await queue.addRequest({ url: 'http://site/2', uniqueKey: 'u2' });
        expect(await queue.get()).toMatchObject({ totalRequestCount: 0, handledRequestCount: 0 });
        await until(() => emu?.requestQueue('lagging')?.info.totalRequestCount === 2, 'the truth');
        await new Promise((resolve) => setTimeout(resolve, 450));
        expect(await queue.get()).toMatchObject({ totalRequestCount: 2, handledRequestCount: 0 });
        await queue.updateRequest({
            id: added.requestId,
            url: 'http://site/1',
            uniqueKey: 'u1',
            handledAt: new Date().toISOString(),
        });
        expect(emu.requestQueue('lagging')?.info).toMatchObject({ handledRequestCount: 1 });
        expect(await queue.get()).toMatchObject({ totalRequestCount: 2, handledRequestCount: 0 });
        await new Promise((resolve) => setTimeout(resolve, 450));
        expect(await queue.get()).toMatchObject({ totalRequestCount: 2, handledRequestCount: 1 });
    });
});

describe('every answer', () => {
    it('says its rate limit in X-RateLimit-Limit: the run endpoints (60), records (200), single requests (400)', async () => {
        emu = await PlatformEmulator.start();
        const run = await rawRequest(`${emu.url}/v2/actor-runs/${emu.runId}`, { headers: auth(emu) });
        expect(run).toMatchObject({ status: 200, headers: { 'x-ratelimit-limit': '60' } });
        const missingRun = await rawRequest(`${emu.url}/v2/actor-runs/NoSuchRun`, { headers: auth(emu) });
        expect(missingRun).toMatchObject({ status: 404, headers: { 'x-ratelimit-limit': '60' } });
        const store = emu.defaultRun.info.defaultKeyValueStoreId;
        const record = await rawRequest(`${emu.url}/v2/key-value-stores/${store}/records/A`, {
            method: 'PUT',
            headers: { ...auth(emu), 'Content-Type': 'application/json' },
            body: '{"a":1}',
        });
        // The reference: 201, an empty object (no `data` envelope), and where the record is.
        expect(record).toMatchObject({
            status: 201,
            json: {},
            headers: {
                'x-ratelimit-limit': '200',
                location: `${emu.url}/v2/key-value-stores/${store}/records/A`,
            },
        });
        expect(record.json).toEqual({}); // toMatchObject would take `{"data":{}}` too
        const dataset = emu.defaultRun.info.defaultDatasetId;
        const items = await rawRequest(`${emu.url}/v2/datasets/${dataset}/items`, {
            method: 'POST',
            headers: { ...auth(emu), 'Content-Type': 'application/json' },
            body: '[{"page":1}]',
        });
        // The same for items (dataset_items_post): 201, `{}`, and where the items are.
        expect(items).toMatchObject({
            status: 201,
            headers: { 'x-ratelimit-limit': '400', location: `${emu.url}/v2/datasets/${dataset}/items` },
        });
        expect(items.json).toEqual({});
        const queue = emu.defaultRun.info.defaultRequestQueueId;
        const add = await rawRequest(`${emu.url}/v2/request-queues/${queue}/requests`, {
            method: 'POST',
            headers: { ...auth(emu), 'Content-Type': 'application/json' },
            body: '{"url":"http://site/1"}',
        });
        expect(add).toMatchObject({ status: 201, headers: { 'x-ratelimit-limit': '400' } });
        const lock = await rawRequest(`${emu.url}/v2/request-queues/${queue}/head/lock?lockSecs=60`, {
            method: 'POST',
            headers: auth(emu),
        });
        // The reference (requestQueue_head_lock_post) documents 201 for a lock of the head, not 200.
        expect(lock).toMatchObject({ status: 201, headers: { 'x-ratelimit-limit': '60' } });
        const noToken = await rawRequest(`${emu.url}/v2/actor-runs/${emu.runId}`);
        expect(noToken).toMatchObject({ status: 401, json: apiError('token-not-provided') });
    });
});
