import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';
import { apiError, rawRequest } from './helpers/http.js';

let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start({ token: 'secret-token', runId: 'runAbcdefghijklmn' });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
});

afterEach(async () => {
    await emu.close();
});

function runUrl(suffix = ''): string {
    return `${emu.url}/v2/actor-runs/${emu.runId}${suffix}`;
}

const json = { 'Content-Type': 'application/json', Authorization: 'Bearer secret-token' };

describe('update and get', () => {
    it('stores the status message a PUT sends and answers the run, as GET does', async () => {
        const updated = await client
            .run(emu.runId)
            .update({ statusMessage: '10 of 60 pages', isStatusMessageTerminal: false });
        expect(updated).toMatchObject({ id: emu.runId, status: 'RUNNING', statusMessage: '10 of 60 pages' });

        const fetched = await client.run(emu.runId).get();
        expect(fetched).toMatchObject({
            id: emu.runId,
            status: 'RUNNING',
            statusMessage: '10 of 60 pages',
            isStatusMessageTerminal: false,
            finishedAt: null,
            exitCode: null,
        });
        // apify-client turns the `...At` fields into dates, so they must be ISO strings on the wire.
        expect(fetched?.startedAt).toBeInstanceOf(Date);
        expect(emu.run.statusMessage).toBe('10 of 60 pages');
        expect(emu.statusMessages()).toEqual([{ at: expect.any(Number), message: '10 of 60 pages', terminal: false }]);
    });

    it('changes only the fields a PUT carries and ignores unknown ones', async () => {
        await client.run(emu.runId).update({ statusMessage: 'Done: 60 of 60 pages', isStatusMessageTerminal: true });
        await client.run(emu.runId).update({ level: 'INFO', generalAccess: 'RESTRICTED' } as never);
        expect(emu.run).toMatchObject({ statusMessage: 'Done: 60 of 60 pages', isStatusMessageTerminal: true });
        expect(emu.run).not.toHaveProperty('level');
    });

    it('gives the run a platform-like shape before any message', () => {
        expect(emu.run).toMatchObject({
            id: 'runAbcdefghijklmn',
            statusMessage: null,
            isStatusMessageTerminal: false,
            defaultKeyValueStoreId: expect.stringMatching(/^\w{17}$/),
            defaultDatasetId: expect.stringMatching(/^\w{17}$/),
            defaultRequestQueueId: expect.stringMatching(/^\w{17}$/),
            stats: expect.objectContaining({ runTimeSecs: expect.any(Number) }),
            options: expect.objectContaining({ timeoutSecs: expect.any(Number) }),
            meta: { origin: 'DEVELOPMENT' },
        });
    });

    it('answers a reboot with the run and records it', async () => {
        const run = await client.run(emu.runId).reboot();
        expect(run).toMatchObject({ id: emu.runId });
        expect(emu.timeline.at(-1)).toMatchObject({
            method: 'POST',
            path: `/v2/actor-runs/${emu.runId}/reboot`,
            status: 200,
        });
    });

    it('hands out an environment that apify-client and the SDK read', () => {
        expect(emu.env()).toEqual({
            ACTOR_RUN_ID: emu.runId,
            APIFY_ACTOR_RUN_ID: emu.runId,
            APIFY_TOKEN: 'secret-token',
            APIFY_API_BASE_URL: emu.url,
            ACTOR_EVENTS_WEBSOCKET_URL: `${emu.url.replace('http', 'ws')}/v2/actor-runs/${emu.runId}/events`,
        });
        expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('defaults to a random 17-character run id and a random token', async () => {
        const other = await PlatformEmulator.start();
        try {
            expect(other.runId).toMatch(/^\w{17}$/);
            expect(other.token).not.toBe(emu.token);
        } finally {
            await other.close();
        }
    });
});

describe('auth', () => {
    it('answers 401 token-not-provided without a token', async () => {
        const anonymous = new ApifyClient({ baseUrl: emu.url, maxRetries: 0 });
        await expect(anonymous.run(emu.runId).update({ statusMessage: 'x' })).rejects.toMatchObject({
            statusCode: 401,
            type: 'token-not-provided',
        });
        expect(emu.run.statusMessage).toBeNull();
    });

    it('answers 401 invalid-token for a wrong token', async () => {
        const wrong = new ApifyClient({ baseUrl: emu.url, token: 'not-the-token', maxRetries: 0 });
        await expect(wrong.run(emu.runId).update({ statusMessage: 'x' })).rejects.toMatchObject({
            statusCode: 401,
            type: 'invalid-token',
        });
        expect(emu.timeline.at(-1)).toMatchObject({ status: 401, statusMessage: 'x', currentMessage: undefined });
    });

    it('accepts the token as a ?token= query parameter', async () => {
        const res = await rawRequest(runUrl(`?token=${emu.token}`), {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ statusMessage: 'via query' }),
        });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ data: { statusMessage: 'via query' } });
    });
});

describe('not found', () => {
    it('answers 404 record-not-found for another run id (apify-client turns a GET of it into undefined)', async () => {
        expect(await client.run('someOtherRunId123').get()).toBeUndefined();
        await expect(client.run('someOtherRunId123').update({ statusMessage: 'x' })).rejects.toMatchObject({
            statusCode: 404,
            type: 'record-not-found',
        });
    });

    it('answers 404 page-not-found for an unknown route', async () => {
        // (`/v2/acts` was the unknown route here; it is a documented endpoint, now answered 501.)
        const res = await rawRequest(`${emu.url}/v2/no-such-resource`, { headers: json });
        expect(res).toMatchObject({ status: 404, json: apiError('page-not-found') });
    });

    it('answers 405 method-not-allowed for a known route with another method, listing the allowed ones', async () => {
        // (DELETE was the example here; the API documents DELETE of a run, see routing.test.ts.)
        const res = await rawRequest(runUrl(), { method: 'POST', headers: json });
        expect(res).toMatchObject({ status: 405, json: apiError('method-not-allowed') });
        expect(res.headers.allow).toBe('GET, PUT, DELETE, HEAD');
    });
});

describe('body validation', () => {
    it.each([
        ['statusMessage', { statusMessage: 42 }],
        ['isStatusMessageTerminal', { statusMessage: 'x', isStatusMessageTerminal: 'yes' }],
    ])('answers 400 invalid-input naming %s', async (field, body) => {
        await expect(client.run(emu.runId).update(body as never)).rejects.toMatchObject({
            statusCode: 400,
            type: 'invalid-input',
            message: expect.stringContaining(field),
        });
        expect(emu.run.statusMessage).toBeNull();
    });

    it.each([
        ['not JSON', '{"statusMessage": '],
        ['a JSON array', '["x"]'],
        ['a JSON string', '"x"'],
    ])('answers 400 invalid-input for a body that is %s', async (_what, body) => {
        const res = await rawRequest(runUrl(), { method: 'PUT', headers: json, body });
        expect(res).toMatchObject({ status: 400, json: apiError('invalid-input') });
    });
});

describe('request bodies', () => {
    it('decodes the brotli body apify-client sends for messages of 1 KiB or more', async () => {
        const long = `${'pages '.repeat(300)}done`;
        await client.run(emu.runId).update({ statusMessage: long });
        expect(emu.run.statusMessage).toBe(long);
        expect(emu.timeline.at(-1)).toMatchObject({ status: 200, statusMessage: long, contentEncoding: 'br' });
    });

    it.each([
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
    ])('decodes a %s body', async (encoding, compress) => {
        const res = await rawRequest(runUrl(), {
            method: 'PUT',
            headers: { ...json, 'Content-Encoding': encoding },
            body: compress(Buffer.from(JSON.stringify({ statusMessage: `sent as ${encoding}` }))),
        });
        expect(res.status).toBe(200);
        expect(emu.run.statusMessage).toBe(`sent as ${encoding}`);
    });

    it('answers 415 unsupported-content-encoding for an unknown encoding', async () => {
        const res = await rawRequest(runUrl(), {
            method: 'PUT',
            headers: { ...json, 'Content-Encoding': 'zstd' },
            body: '{"statusMessage":"x"}',
        });
        expect(res).toMatchObject({ status: 415, json: apiError('unsupported-content-encoding') });
    });

    it('answers 400 for a body that does not decompress', async () => {
        const res = await rawRequest(runUrl(), {
            method: 'PUT',
            headers: { ...json, 'Content-Encoding': 'gzip' },
            body: 'not gzip at all',
        });
        expect(res).toMatchObject({ status: 400, json: apiError('invalid-input') });
    });

    it('answers 413 request-too-large above maxBodyBytes, also when it only grows that large decompressed', async () => {
        const small = await PlatformEmulator.start({ maxBodyBytes: 1000 });
        try {
            const big = JSON.stringify({ statusMessage: 'x'.repeat(5000) });
            const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${small.token}` };
            const url = `${small.url}/v2/actor-runs/${small.runId}`;
            const plain = await rawRequest(url, { method: 'PUT', headers, body: big });
            expect(plain).toMatchObject({ status: 413, json: apiError('request-too-large') });

            const bomb = gzipSync(big);
            expect(bomb.length).toBeLessThan(1000);
            const zipped = await rawRequest(url, {
                method: 'PUT',
                headers: { ...headers, 'Content-Encoding': 'gzip' },
                body: bomb,
            });
            expect(zipped).toMatchObject({ status: 413, json: apiError('request-too-large') });
            expect(small.run.statusMessage).toBeNull();
        } finally {
            await small.close();
        }
    });
});

describe('keep-alive', () => {
    it('closes idle connections after keepAliveTimeoutMs', async () => {
        const quick = await PlatformEmulator.start({ keepAliveTimeoutMs: 100 });
        // A bare socket, so no client-side agent can close it first.
        const socket = connect(Number(new URL(quick.url).port), '127.0.0.1');
        try {
            let response = '';
            socket.on('data', (chunk) => {
                response += String(chunk);
            });
            const ended = new Promise((resolve) => socket.once('end', resolve));
            socket.write(
                `GET /v2/actor-runs/${quick.runId} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`,
            );
            // 'end' means the server sent FIN after the idle timeout, with the answer already delivered.
            await ended;
            expect(response).toMatch(/^HTTP\/1\.1 401 /);
            expect(quick.connections).toBe(1);
        } finally {
            socket.destroy();
            await quick.close();
        }
    });

    it('lets apify-client reuse one connection by default', async () => {
        await client.run(emu.runId).update({ statusMessage: 'one' });
        await client.run(emu.runId).update({ statusMessage: 'two' });
        await client.run(emu.runId).get();
        expect(emu.connections).toBe(1);
    });

    it('closes every connection after its response with keepAlive: false', async () => {
        const closing = await PlatformEmulator.start({ keepAlive: false });
        try {
            const closingClient = new ApifyClient({ baseUrl: closing.url, token: closing.token, maxRetries: 0 });
            await closingClient.run(closing.runId).update({ statusMessage: 'one' });
            await closingClient.run(closing.runId).update({ statusMessage: 'two' });
            await closingClient.run(closing.runId).get();
            expect(closing.connections).toBe(3);
            const res = await rawRequest(`${closing.url}/v2/actor-runs/${closing.runId}`, {
                headers: { Authorization: `Bearer ${closing.token}` },
            });
            expect(res.headers.connection).toBe('close');
            expect(closing.statusMessages().map((record) => record.message)).toEqual(['one', 'two']);
        } finally {
            await closing.close();
        }
    });
});
