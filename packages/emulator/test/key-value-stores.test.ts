import { gzipSync } from 'node:zlib';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';
import { apiError, rawRequest } from './helpers/http.js';

let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
});

afterEach(async () => {
    await emu.close();
});

describe('key-value stores', () => {
    it('get-or-create by name: 201 the first time, 200 with the same store after', async () => {
        const created = await rawRequest(`${emu.url}/v2/key-value-stores?name=progress`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${emu.token}` },
        });
        expect(created).toMatchObject({ status: 201, json: { data: { name: 'progress', id: expect.any(String) } } });
        const again = await client.keyValueStores().getOrCreate('progress');
        expect(again.id).toBe((created.json as { data: { id: string } }).data.id);
        expect(emu.timeline.at(-1)?.status).toBe(200);
        expect(await client.keyValueStore(again.id).get()).toMatchObject({ id: again.id, name: 'progress' });
        expect(await client.keyValueStore(`${emu.username}~progress`).get()).toMatchObject({ id: again.id });
        // A bare name is not an id: the SDK's StorageManager relies on this 404 before it creates the store.
        expect(await client.keyValueStore('progress').get()).toBeUndefined();
        expect(emu.keyValueStore('progress')?.id).toBe(again.id);
    });

    it('refuses names the platform refuses', async () => {
        await expect(client.keyValueStores().getOrCreate('no spaces')).rejects.toMatchObject({
            statusCode: 400,
            type: 'invalid-input',
        });
    });

    it('stores JSON, text and bytes with their content types, and hands them back as sent', async () => {
        const store = client.keyValueStore((await client.keyValueStores().getOrCreate('records')).id);
        await store.setRecord({ key: 'STATE', value: { done: 3, of: 10 } });
        await store.setRecord({ key: 'note.txt', value: 'plain text' });
        await store.setRecord({
            key: 'blob',
            // apify-client's types say JSON, but it sends a Buffer as it is (and the SDK sends screenshots so).
            value: Buffer.from([0, 1, 2, 255]) as never,
            contentType: 'application/octet-stream',
        });

        expect(await store.getRecord('STATE')).toMatchObject({ value: { done: 3, of: 10 } });
        expect(await store.getRecord('note.txt')).toMatchObject({
            value: 'plain text',
            contentType: 'text/plain; charset=utf-8',
        });
        expect((await store.getRecord('blob', { buffer: true }))?.value).toEqual(Buffer.from([0, 1, 2, 255]));
        expect(emu.keyValueStore('records')?.getRecord('STATE')).toMatchObject({
            value: { done: 3, of: 10 },
            contentType: 'application/json; charset=utf-8',
        });
        expect(emu.keyValueStore('records')?.keys()).toEqual(['STATE', 'blob', 'note.txt']);
    });

    it('undoes the compression apify-client applies from 1 KiB, and gzip sent by hand', async () => {
        const { id } = await client.keyValueStores().getOrCreate('big');
        const big = { text: 'progress '.repeat(400) };
        await client.keyValueStore(id).setRecord({ key: 'BIG', value: big });
        expect(emu.timeline.at(-1)).toMatchObject({ contentEncoding: 'br', status: 201 });
        expect(emu.keyValueStore(id)?.getRecord('BIG')?.value).toEqual(big);

        const res = await rawRequest(`${emu.url}/v2/key-value-stores/${id}/records/ZIPPED`, {
            method: 'PUT',
            headers: { Authorization: `Bearer ${emu.token}`, 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' },
            body: gzipSync('zipped by hand'),
        });
        expect(res.status).toBe(201);
        expect(emu.keyValueStore(id)?.getRecord('ZIPPED')?.value).toBe('zipped by hand');
    });

    it('answers 404 for missing records and stores, HEAD for existence, and deletes', async () => {
        const store = client.keyValueStore((await client.keyValueStores().getOrCreate('misc')).id);
        expect(await store.getRecord('NOPE')).toBeUndefined();
        expect(await store.recordExists('NOPE')).toBe(false);
        await store.setRecord({ key: 'YES', value: 1 });
        expect(await store.recordExists('YES')).toBe(true);
        await store.deleteRecord('YES');
        expect(await store.recordExists('YES')).toBe(false);
        expect(await client.keyValueStore('nonexistentStore1').getRecord('X')).toBeUndefined();
        const res = await rawRequest(`${emu.url}/v2/key-value-stores/nonexistentStore1`, {
            headers: { Authorization: `Bearer ${emu.token}` },
        });
        expect(res).toMatchObject({ status: 404, json: apiError('record-not-found') });
    });

    it('refuses record keys with characters the platform refuses', async () => {
        const { id } = await client.keyValueStores().getOrCreate('keys');
        const res = await rawRequest(`${emu.url}/v2/key-value-stores/${id}/records/a%20b`, {
            method: 'PUT',
            headers: { Authorization: `Bearer ${emu.token}`, 'Content-Type': 'text/plain' },
            body: 'x',
        });
        expect(res).toMatchObject({ status: 400, json: apiError('invalid-record-key') });
    });

    it('lists keys in order, page by page', async () => {
        const store = client.keyValueStore((await client.keyValueStores().getOrCreate('many')).id);
        for (const key of ['c', 'a', 'b', 'PREFIX-1', 'PREFIX-2']) await store.setRecord({ key, value: key });
        const first = await store.listKeys({ limit: 2 });
        expect(first).toMatchObject({ count: 2, isTruncated: true, nextExclusiveStartKey: 'PREFIX-2' });
        const next = await store.listKeys({ exclusiveStartKey: 'PREFIX-2' });
        expect(next.items.map((item) => item.key)).toEqual(['a', 'b', 'c']);
        expect((await store.listKeys({ prefix: 'PREFIX' })).items).toEqual([
            { key: 'PREFIX-1', size: 'PREFIX-1'.length },
            { key: 'PREFIX-2', size: 'PREFIX-2'.length },
        ]);
    });

    it("serves a run's default store under /v2/actor-runs/:runId/key-value-store", async () => {
        const run = await emu.createRun({ input: { hello: 'world' } });
        expect(await client.run(run.id).keyValueStore().getRecord('INPUT')).toMatchObject({
            value: { hello: 'world' },
        });
        await client
            .run(run.id)
            .keyValueStore()
            .setRecord({ key: 'OUTPUT', value: { ok: true } });
        expect(emu.keyValueStore(run.info.defaultKeyValueStoreId)?.getRecord('OUTPUT')?.value).toEqual({ ok: true });
    });
});
