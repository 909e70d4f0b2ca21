import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlatformEmulator } from '../src/index.js';

let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
});

afterEach(async () => {
    vi.useRealTimers();
    await emu.close();
});

/** A queue of `count` requests, and a client per clientKey (the way two Crawlee workers see it). */
async function sharedQueue(count: number, token = emu.token) {
    const { id } = await client.requestQueues().getOrCreate('shared');
    const requests = Array.from({ length: count }, (_, n) => ({ url: `http://site/${n}`, uniqueKey: `u${n}` }));
    await client.requestQueue(id).batchAddRequests(requests);
    const as = (clientKey: string, ownToken = token) =>
        new ApifyClient({ baseUrl: emu.url, token: ownToken, maxRetries: 0 }).requestQueue(id, { clientKey });
    return { id, as };
}

describe('request locks', () => {
    it('hand each request to one client while its lock holds, and say that others hold some', async () => {
        const { as } = await sharedQueue(6);
        const a = await as('worker-a').listAndLockHead({ lockSecs: 60, limit: 4 });
        const b = await as('worker-b').listAndLockHead({ lockSecs: 60, limit: 4 });
        const c = await as('worker-c').listAndLockHead({ lockSecs: 60, limit: 4 });
        expect(a.items.map((item) => item.uniqueKey)).toEqual(['u0', 'u1', 'u2', 'u3']);
        expect(b.items.map((item) => item.uniqueKey)).toEqual(['u4', 'u5']);
        expect(c.items).toEqual([]);
        // Crawlee reads this: nothing to lock, but the queue is not finished while others hold requests.
        expect(c).toMatchObject({ queueHasLockedRequests: true, hadMultipleClients: true, lockSecs: 60 });
        expect(a.items[0]?.lockExpiresAt).toBeInstanceOf(Date);
    });

    it('free a request again once its lock expires (a worker killed with SIGKILL never unlocks)', async () => {
        const { as } = await sharedQueue(2);
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
        const killed = await as('killed-worker').listAndLockHead({ lockSecs: 5, limit: 2 });
        expect(killed.items).toHaveLength(2);
        expect((await as('survivor').listAndLockHead({ lockSecs: 5 })).items).toEqual([]);
        vi.setSystemTime(Date.now() + 5_001);
        const taken = await as('survivor').listAndLockHead({ lockSecs: 5 });
        expect(taken.items.map((item) => item.uniqueKey)).toEqual(['u0', 'u1']);
    });

    it('let only the holder prolong or delete a lock: the same client key, or the same run', async () => {
        const { as } = await sharedQueue(1);
        const run = await emu.createRun();
        const holder = as('holder', run.token);
        const [item] = (await holder.listAndLockHead({ lockSecs: 10 })).items;
        const id = item?.id ?? '';
        await expect(as('intruder').prolongRequestLock(id, { lockSecs: 60 })).rejects.toMatchObject({
            statusCode: 403,
            type: 'request-handled-or-locked',
        });
        await expect(as('intruder').deleteRequestLock(id)).rejects.toMatchObject({ statusCode: 403 });
        const prolonged = await holder.prolongRequestLock(id, { lockSecs: 60 });
        expect(prolonged.lockExpiresAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
        // A restarted process of the same run has a new clientKey, and may still release the run's lock.
        await as('same-run-new-process', run.token).deleteRequestLock(id);
        expect((await as('intruder').listAndLockHead({ lockSecs: 10 })).items.map((i) => i.id)).toEqual([id]);
    });

    it('refuse to lock a handled request, and drop the lock when a request is handled', async () => {
        const { as } = await sharedQueue(2);
        const worker = as('worker');
        const [first] = (await worker.listAndLockHead({ lockSecs: 60, limit: 1 })).items;
        const request = await worker.getRequest(first?.id ?? '');
        await worker.updateRequest({ ...(request as object), handledAt: new Date().toISOString() } as never);
        expect(
            emu
                .requestQueue('shared')
                ?.requests()
                .find((r) => r.id === first?.id),
        ).not.toHaveProperty('lock');
        await expect(worker.prolongRequestLock(first?.id ?? '', { lockSecs: 60 })).rejects.toMatchObject({
            statusCode: 403,
        });
        expect((await worker.listAndLockHead({ lockSecs: 60 })).items.map((item) => item.uniqueKey)).toEqual(['u1']);
    });

    it('unlock everything a client holds, and only that', async () => {
        const { as } = await sharedQueue(4);
        await as('a').listAndLockHead({ lockSecs: 60, limit: 3 });
        await as('b').listAndLockHead({ lockSecs: 60, limit: 1 });
        const other = await emu.createRun();
        expect(await as('a', other.token).unlockRequests()).toEqual({ unlockedCount: 3 });
        const locked = emu
            .requestQueue('shared')
            ?.requests()
            .filter((request) => request.lock !== undefined);
        expect(locked?.map((request) => request.uniqueKey)).toEqual(['u3']);
    });

    it('put a request back at the front when its lock is deleted with forefront', async () => {
        const { as } = await sharedQueue(3);
        const worker = as('worker');
        const locked = (await worker.listAndLockHead({ lockSecs: 60, limit: 3 })).items;
        await worker.deleteRequestLock(locked[2]?.id ?? '', { forefront: true });
        expect((await worker.listHead()).items.map((item) => item.uniqueKey)).toEqual(['u2', 'u0', 'u1']);
    });
});
