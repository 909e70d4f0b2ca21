import { ApifyClient } from 'apify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';

let emu: PlatformEmulator | undefined;

afterEach(async () => {
    await emu?.close();
    emu = undefined;
});

function clientOf(emulator: PlatformEmulator, options: { token?: string; timeoutSecs?: number } = {}) {
    return new ApifyClient({
        baseUrl: emulator.url,
        token: options.token ?? emulator.token,
        maxRetries: 0,
        ...options,
    });
}

describe('per-resource rate limits', () => {
    // A 60 s window: the documented number of requests "per second" is reached however slow the machine is.
    it('answer 429 rate-limit-exceeded past 60 GETs of one queue, and count each queue apart', async () => {
        emu = await PlatformEmulator.start({ rateLimitWindowMs: 60_000 });
        const client = clientOf(emu);
        const busy = await client.requestQueues().getOrCreate('busy');
        const calm = await client.requestQueues().getOrCreate('calm');
        for (let i = 0; i < 60; i++) await client.requestQueue(busy.id).get();
        const error = await client
            .requestQueue(busy.id)
            .get()
            .catch((caught: unknown) => caught);
        expect(error).toMatchObject({
            statusCode: 429,
            type: 'rate-limit-exceeded',
            message: expect.stringContaining('60'),
        });
        expect(await client.requestQueue(calm.id).get()).toMatchObject({ name: 'calm' });
        const limited = emu.timeline.filter((entry) => entry.status === 429);
        expect(limited).toHaveLength(1);
    });

    it('allow 200 record operations per store, and 60 requests per endpoint of a run, each run apart', async () => {
        emu = await PlatformEmulator.start({ rateLimitWindowMs: 60_000 });
        const client = clientOf(emu);
        const store = client.keyValueStore((await client.keyValueStores().getOrCreate('records')).id);
        const writes = Array.from({ length: 200 }, (_, i) => store.setRecord({ key: `k${i % 10}`, value: i }));
        await Promise.all(writes);
        await expect(store.setRecord({ key: 'one-more', value: 1 })).rejects.toMatchObject({ statusCode: 429 });
        for (let i = 0; i < 60; i++) await client.run(emu.runId).update({ statusMessage: `${i + 1} of 60` });
        await expect(client.run(emu.runId).update({ statusMessage: 'one more' })).rejects.toMatchObject({
            statusCode: 429,
            type: 'rate-limit-exceeded',
        });
        expect(emu.run.statusMessage).toBe('60 of 60');
        // Reading the run is another endpoint, and another run another resource.
        expect(await client.run(emu.runId).get()).toMatchObject({ statusMessage: '60 of 60' });
        const other = await emu.createRun();
        await client.run(other.id).update({ statusMessage: 'fine' });
        expect(other.info.statusMessage).toBe('fine');
    });

    it('are off with rateLimitWindowMs: 0', async () => {
        emu = await PlatformEmulator.start({ rateLimitWindowMs: 0 });
        const client = clientOf(emu);
        const { id } = await client.requestQueues().getOrCreate('free');
        await Promise.all(Array.from({ length: 80 }, () => client.requestQueue(id).get()));
        expect(emu.timeline.every((entry) => entry.status < 300)).toBe(true);
    });
});

describe('faults on the new endpoints', () => {
    it('target one run’s record writes by endpoint kind and run', async () => {
        emu = await PlatformEmulator.start();
        const child = await emu.createRun();
        const other = await emu.createRun();
        emu.fault({ kind: 'keyValueStore_record_put', runId: child.id, status: 500, times: 1 });
        const childStore = clientOf(emu, { token: child.token }).keyValueStore(child.info.defaultKeyValueStoreId);
        const otherStore = clientOf(emu, { token: other.token }).keyValueStore(other.info.defaultKeyValueStoreId);
        await otherStore.setRecord({ key: 'PROGRESS', value: { done: 1 } });
        await expect(childStore.getRecord('PROGRESS')).resolves.toBeUndefined();
        await expect(childStore.setRecord({ key: 'PROGRESS', value: { done: 1 } })).rejects.toMatchObject({
            statusCode: 500,
        });
        await childStore.setRecord({ key: 'PROGRESS', value: { done: 2 } });
        expect(child.timeline.map((entry) => [entry.kind, entry.status, entry.fault])).toEqual([
            ['keyValueStore_record_get', 404, undefined],
            ['keyValueStore_record_put', 500, 'status-500'],
            ['keyValueStore_record_put', 201, undefined],
        ]);
    });

    it('target queue reads with a list of kinds, and refuse a kind the API reference does not name', async () => {
        emu = await PlatformEmulator.start();
        const client = clientOf(emu);
        const { id } = await client.requestQueues().getOrCreate('q');
        emu.fault({ kind: ['requestQueue_get', 'requestQueue_head_get'], status: 429 });
        await expect(client.requestQueue(id).get()).rejects.toMatchObject({
            statusCode: 429,
            type: 'rate-limit-exceeded',
        });
        await expect(client.requestQueue(id).listHead()).rejects.toMatchObject({ statusCode: 429 });
        await client.requestQueue(id).addRequest({ url: 'http://site/1', uniqueKey: 'u1' });
        expect(() => emu?.fault({ kind: 'requestQueueGet', status: 500 })).toThrow(/`kind`.*operationId/);
        expect(() => emu?.fault({ runId: '', status: 500 })).toThrow(/`runId`/);
    });

    it('keep `terminal` and `non-terminal` on status updates: a record write is neither', async () => {
        emu = await PlatformEmulator.start();
        const client = clientOf(emu);
        emu.fault({ match: 'non-terminal', status: 503 });
        const store = client.keyValueStore((await client.keyValueStores().getOrCreate('s')).id);
        await store.setRecord({ key: 'A', value: 1 });
        await expect(client.run(emu.runId).update({ statusMessage: 'x' })).rejects.toMatchObject({ statusCode: 503 });
    });
});

describe('a delayed request whose client has gone (issue 10, item 7)', () => {
    it('is applied when the delay ends, as a real server applies it: an old progress message lands after the terminal', async () => {
        emu = await PlatformEmulator.start();
        const emulator = emu;
        emulator.fault({ match: 'non-terminal', delayMs: 600, times: 1 });
        const slowClient = clientOf(emulator, { timeoutSecs: 0.2 });
        await expect(slowClient.run(emulator.runId).update({ statusMessage: '3 of 10 pages' })).rejects.toThrow(
            /timeout/i,
        );
        await clientOf(emulator)
            .run(emulator.runId)
            .update({ statusMessage: 'Finished: 10 of 10', isStatusMessageTerminal: true });
        await emulator.waitFor((entries) => entries.some((entry) => entry.clientGone), 5_000);

        expect(
            emulator.timeline.map((entry) => [
                entry.statusMessage,
                entry.status,
                entry.clientGone,
                entry.afterTerminal,
            ]),
        ).toEqual([
            ['Finished: 10 of 10', 200, undefined, undefined],
            // It arrived before the terminal, so it is not `afterTerminal`; it landed after it, with its client gone.
            ['3 of 10 pages', 200, true, undefined],
        ]);
        expect(emulator.statusMessages().map((record) => record.message)).toEqual([
            'Finished: 10 of 10',
            '3 of 10 pages',
        ]);
        expect(emulator.run.statusMessage).toBe('3 of 10 pages');
        expect(emulator.formatTimeline({ all: true })).toMatch(
            /-> 200 \(delay-600ms\) \(client gone\) {2}3 of 10 pages$/,
        );
    });

    it('is not applied when refuseConnections cut it: the server went away', async () => {
        emu = await PlatformEmulator.start();
        const emulator = emu;
        let arrived: () => void = () => {};
        const received = new Promise<void>((resolve) => {
            arrived = resolve;
        });
        // The match function runs as the request arrives; the delay then holds it.
        emulator.fault({
            match: () => {
                arrived();
                return true;
            },
            delayMs: 300,
            times: 1,
        });
        const pending = clientOf(emulator)
            .run(emulator.runId)
            .update({ statusMessage: 'cut' })
            .catch((error: unknown) => error);
        await received;
        await emulator.refuseConnections(true);
        expect(await pending).toBeInstanceOf(Error);
        await emulator.waitFor((entries) => entries.length === 1, 5_000);
        expect(emulator.timeline).toMatchObject([{ status: 0, fault: 'delay-300ms' }]);
        expect(emulator.run.statusMessage).toBeNull();
    });
});
