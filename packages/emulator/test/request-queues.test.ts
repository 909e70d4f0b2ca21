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

async function openQueue(name = 'shared', clientKey = 'client-a') {
    const { id } = await client.requestQueues().getOrCreate(name);
    return client.requestQueue(id, { clientKey });
}

describe('request queues', () => {
    it('add requests once per uniqueKey, and say whether they were there or handled', async () => {
        const queue = await openQueue();
        const first = await queue.addRequest({ url: 'http://site/1', uniqueKey: 'http://site/1' });
        expect(first).toEqual({
            requestId: expect.stringMatching(/^\w{15}$/),
            wasAlreadyPresent: false,
            wasAlreadyHandled: false,
        });
        expect(await queue.addRequest({ url: 'http://site/1', uniqueKey: 'http://site/1' })).toEqual({
            ...first,
            wasAlreadyPresent: true,
        });
        const request = await queue.getRequest(first.requestId);
        expect(request).toMatchObject({ id: first.requestId, url: 'http://site/1', method: 'GET' });
        await queue.updateRequest({
            ...(request as object),
            id: first.requestId,
            handledAt: new Date().toISOString(),
        } as never);
        expect(await queue.addRequest({ url: 'http://site/1', uniqueKey: 'http://site/1' })).toMatchObject({
            wasAlreadyPresent: true,
            wasAlreadyHandled: true,
        });
    });

    it('add up to 25 requests in a batch, all processed', async () => {
        const queue = await openQueue();
        const requests = Array.from({ length: 25 }, (_, n) => ({
            url: `http://site/${n}`,
            uniqueKey: `http://site/${n}`,
        }));
        const result = await queue.batchAddRequests(requests);
        expect(result.processedRequests).toHaveLength(25);
        expect(result.unprocessedRequests).toEqual([]);
        expect(result.processedRequests[3]).toMatchObject({ uniqueKey: 'http://site/3', wasAlreadyPresent: false });
        const { id } = await client.requestQueues().getOrCreate('shared');
        const res = await rawRequest(`${emu.url}/v2/request-queues/${id}/requests/batch`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${emu.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify([...requests, { url: 'http://site/26' }]),
        });
        expect(res).toMatchObject({ status: 400, json: apiError('invalid-input') });
    });

    it('count total, handled and pending, as GET /v2/request-queues/:id answers', async () => {
        const queue = await openQueue();
        await queue.batchAddRequests([1, 2, 3].map((n) => ({ url: `http://site/${n}`, uniqueKey: `u${n}` })));
        const { items } = await queue.listHead({ limit: 10 });
        expect(items.map((item) => item.uniqueKey)).toEqual(['u1', 'u2', 'u3']);
        const handled = await queue.getRequest(items[0]?.id ?? '');
        await queue.updateRequest({ ...(handled as object), handledAt: new Date().toISOString() } as never);
        expect(await queue.get()).toMatchObject({
            name: 'shared',
            totalRequestCount: 3,
            handledRequestCount: 1,
            pendingRequestCount: 2,
            hadMultipleClients: false,
            modifiedAt: expect.any(Date),
        });
        expect((await queue.listHead()).items.map((item) => item.uniqueKey)).toEqual(['u2', 'u3']);
    });

    it('put forefront requests first', async () => {
        const queue = await openQueue();
        await queue.addRequest({ url: 'http://site/a', uniqueKey: 'a' });
        await queue.addRequest({ url: 'http://site/b', uniqueKey: 'b' }, { forefront: true });
        await queue.addRequest({ url: 'http://site/c', uniqueKey: 'c' }, { forefront: true });
        expect((await queue.listHead()).items.map((item) => item.uniqueKey)).toEqual(['c', 'b', 'a']);
    });

    it('note a second client (another clientKey) in hadMultipleClients', async () => {
        const first = await openQueue('two', 'client-a');
        await first.addRequest({ url: 'http://site/1', uniqueKey: 'u1' });
        await first.listHead();
        expect((await first.get())?.hadMultipleClients).toBe(false);
        const second = await openQueue('two', 'client-b');
        await second.listHead();
        expect((await first.get())?.hadMultipleClients).toBe(true);
        expect(emu.requestQueue('two')?.info.hadMultipleClients).toBe(true);
    });

    it('delete requests, list them page by page, and 404 what is not there', async () => {
        const queue = await openQueue();
        await queue.batchAddRequests([1, 2, 3].map((n) => ({ url: `http://site/${n}`, uniqueKey: `u${n}` })));
        const page = await queue.listRequests({ limit: 2 });
        expect(page.items.map((item) => item.uniqueKey)).toEqual(['u1', 'u2']);
        const rest = await queue.listRequests({ cursor: page.nextCursor });
        expect(rest.items.map((item) => item.uniqueKey)).toEqual(['u3']);
        await queue.deleteRequest(page.items[0]?.id ?? '');
        expect(await queue.getRequest(page.items[0]?.id ?? '')).toBeUndefined();
        expect((await queue.get())?.totalRequestCount).toBe(2);
        await expect(client.requestQueue('nonexistentQueue').listHead()).rejects.toMatchObject({
            statusCode: 404,
            type: 'record-not-found',
        });
    });

    it('shows its requests and locks to a test', async () => {
        const queue = await openQueue();
        await queue.batchAddRequests([1, 2].map((n) => ({ url: `http://site/${n}`, uniqueKey: `u${n}` })));
        await queue.listAndLockHead({ lockSecs: 60, limit: 1 });
        const [locked, free] = emu.requestQueue('shared')?.requests() ?? [];
        expect(locked).toMatchObject({ uniqueKey: 'u1', lock: { clientKey: 'client-a', runId: emu.runId } });
        expect(free).toMatchObject({ uniqueKey: 'u2' });
        expect(free).not.toHaveProperty('lock');
    });
});
