import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../src/handlers/index.js';
import { OPERATIONS } from '../src/http/router.js';
import { PlatformEmulator } from '../src/index.js';
import { apiError, rawRequest } from './helpers/http.js';

let emu: PlatformEmulator;
let auth: Record<string, string>;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
    auth = { Authorization: `Bearer ${emu.token}` };
});

afterEach(async () => {
    await emu.close();
});

describe('what the emulator does not serve', () => {
    it('answers 501 not-implemented naming a documented endpoint it does not serve', async () => {
        const res = await rawRequest(`${emu.url}/v2/schedules`, { headers: auth });
        expect(res).toMatchObject({ status: 501, json: apiError('not-implemented') });
        expect((res.json as { error: { message: string } }).error.message).toBe(
            'The platform emulator does not serve GET /v2/schedules ("Get list of schedules", schedules_get)',
        );
    });

    it('names builds, metamorph and the other documented endpoints the same way, before checking the token', async () => {
        const runPath = `/v2/actor-runs/${emu.runId}`;
        for (const [method, path, name] of [
            ['GET', '/v2/actor-builds', 'actorBuilds_get'],
            ['POST', `${runPath}/metamorph`, 'actorRun_metamorph_post'],
            ['GET', '/v2/acts', 'actors_get'],
            ['GET', '/v2/acts/some~actor/runs/last', 'actor_runs_last_get'],
        ] as const) {
            const res = await rawRequest(`${emu.url}${path}`, { method });
            expect(res.status, `${method} ${path}`).toBe(501);
            expect(JSON.stringify(res.json)).toContain(name);
        }
    });

    it('answers 404 page-not-found for a path the API does not have', async () => {
        for (const path of ['/v2/nothing', '/v3/actor-runs', `/v2/actor-runs/${emu.runId}/nothing`]) {
            const res = await rawRequest(`${emu.url}${path}`, { headers: auth });
            expect(res, path).toMatchObject({ status: 404, json: apiError('page-not-found') });
        }
    });

    it('answers 405 with the documented methods in Allow for a method the path does not take', async () => {
        const res = await rawRequest(`${emu.url}/v2/key-value-stores/x/keys`, { method: 'DELETE', headers: auth });
        expect(res).toMatchObject({ status: 405, json: apiError('method-not-allowed') });
        expect(res.headers.allow).toBe('GET, HEAD');
    });

    it('only serves endpoints the API reference documents', () => {
        for (const operationId of Object.keys(ENDPOINTS)) expect(OPERATIONS.has(operationId), operationId).toBe(true);
        // The run, storage and queue endpoints of the reference: some 230 in all, about 70 of them served.
        expect(OPERATIONS.size).toBeGreaterThan(200);
    });
});

describe('run ids that are not ids (issue 10, item 24)', () => {
    it('answers 400 invalid-input for a malformed escape in the path, as an Express-based API does, not 500', async () => {
        const res = await rawRequest(`${emu.url}/v2/actor-runs/%E0%A4%A`, { headers: auth });
        expect(res).toMatchObject({ status: 400, json: apiError('invalid-input') });
        expect(JSON.stringify(res.json)).toContain('%E0%A4%A');
        expect(emu.timeline.at(-1)).toMatchObject({ status: 400, path: '/v2/actor-runs/%E0%A4%A' });
    });

    it('decodes a well-formed escape and answers 404 record-not-found for a run that does not exist', async () => {
        const res = await rawRequest(`${emu.url}/v2/actor-runs/%E0%A4%A4`, { headers: auth });
        expect(res).toMatchObject({ status: 404, json: apiError('record-not-found') });
    });

    it('finds the run behind an escaped id', async () => {
        const escaped = [...emu.runId].map((char) => `%${char.charCodeAt(0).toString(16)}`).join('');
        const res = await rawRequest(`${emu.url}/v2/actor-runs/${escaped}`, { headers: auth });
        expect(res).toMatchObject({ status: 200, json: { data: { id: emu.runId } } });
    });
});

describe('HEAD and DELETE of a run (issue 10, item 24)', () => {
    it('answers HEAD like GET without a body: the same status and headers', async () => {
        const get = await rawRequest(`${emu.url}/v2/actor-runs/${emu.runId}`, { headers: auth });
        const head = await rawRequest(`${emu.url}/v2/actor-runs/${emu.runId}`, { method: 'HEAD', headers: auth });
        expect(head.status).toBe(200);
        expect(head.json).toBeUndefined();
        expect(head.headers['content-type']).toBe(get.headers['content-type']);
        expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
        const missing = await rawRequest(`${emu.url}/v2/actor-runs/nope`, { method: 'HEAD', headers: auth });
        expect(missing).toMatchObject({ status: 404, json: undefined });
        const anonymous = await rawRequest(`${emu.url}/v2/actor-runs/${emu.runId}`, { method: 'HEAD' });
        expect(anonymous.status).toBe(401);
    });

    it('refuses to delete a running run with 400 cannot-remove-running-run ("only finished runs can be deleted")', async () => {
        const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
        await expect(client.run(emu.runId).delete()).rejects.toMatchObject({
            statusCode: 400,
            type: 'cannot-remove-running-run',
        });
        expect(emu.run.status).toBe('RUNNING');
    });

    it('deletes a finished run: 204, then 404 and gone from the lists', async () => {
        const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
        const run = await emu.createRun();
        run.finish(0);
        await client.run(run.id).delete();
        expect(emu.timeline.at(-1)).toMatchObject({ method: 'DELETE', status: 204, kind: 'actorRun_delete' });
        expect(await client.run(run.id).get()).toBeUndefined();
        const { items } = await client.runs().list();
        expect(items.map((item) => item.id)).toEqual([emu.runId]);
        expect(emu.getRun(run.id)).toBeUndefined();
    });
});

describe('the older /v2/acts spelling', () => {
    it('serves /v2/acts/... and /v2/actors/... alike, as the API does', async () => {
        const acts = await rawRequest(`${emu.url}/v2/acts/some-actor/runs`, { headers: auth });
        const actors = await rawRequest(`${emu.url}/v2/actors/some-actor/runs`, { headers: auth });
        expect(acts).toMatchObject({ status: 200, json: { data: { total: 0, items: [] } } });
        expect(actors.json).toEqual(acts.json);
        expect(emu.timeline.map((entry) => entry.kind)).toEqual(['actors_runs_get', 'actors_runs_get']);
    });
});
