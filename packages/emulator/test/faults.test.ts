import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';

let emu: PlatformEmulator;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
});

afterEach(async () => {
    await emu.close();
});

/** apify-client retries 429/5xx/network errors by itself; `maxRetries: 0` shows the raw answer. */
function newClient(options: { maxRetries?: number; timeoutSecs?: number } = {}): ApifyClient {
    return new ApifyClient({
        baseUrl: emu.url,
        token: emu.token,
        maxRetries: 0,
        minDelayBetweenRetriesMillis: 10,
        ...options,
    });
}

describe('status faults', () => {
    it('answers the injected status for the next N requests, then succeeds', async () => {
        const client = newClient();
        emu.fault({ status: 503, times: 2 });
        await expect(client.run(emu.runId).update({ statusMessage: 'a' })).rejects.toMatchObject({
            statusCode: 503,
            type: 'internal-error',
        });
        await expect(client.run(emu.runId).update({ statusMessage: 'a' })).rejects.toMatchObject({ statusCode: 503 });
        await client.run(emu.runId).update({ statusMessage: 'a' });

        expect(emu.timeline.map((entry) => [entry.status, entry.attempt, entry.fault])).toEqual([
            [503, 1, 'status-503'],
            [503, 2, 'status-503'],
            [200, 3, undefined],
        ]);
        expect(emu.statusMessages().map((record) => record.message)).toEqual(['a']);
    });

    it('answers 429 rate-limit-exceeded, which apify-client retries by itself', async () => {
        emu.fault({ status: 429, times: 2 });
        await expect(newClient().run(emu.runId).update({ statusMessage: 'x' })).rejects.toMatchObject({
            statusCode: 429,
            type: 'rate-limit-exceeded',
        });
        await newClient({ maxRetries: 3 }).run(emu.runId).update({ statusMessage: 'x' });
        expect(emu.timeline.map((entry) => entry.status)).toEqual([429, 429, 200]);
        expect(emu.run.statusMessage).toBe('x');
    });

    it('matches only the requests a rule names, in the order rules were added', async () => {
        const client = newClient();
        emu.fault({ match: 'terminal', status: 500, times: 1 });
        emu.fault({ match: 'get', status: 502 });
        emu.fault({ match: (req) => (req.body as { statusMessage?: string })?.statusMessage === 'boom', status: 400 });

        await client.run(emu.runId).update({ statusMessage: 'progress' });
        await expect(client.run(emu.runId).get()).rejects.toMatchObject({ statusCode: 502 });
        await expect(client.run(emu.runId).update({ statusMessage: 'boom' })).rejects.toMatchObject({
            statusCode: 400,
        });
        await expect(
            client.run(emu.runId).update({ statusMessage: 'done', isStatusMessageTerminal: true }),
        ).rejects.toMatchObject({ statusCode: 500 });
        await client.run(emu.runId).update({ statusMessage: 'done', isStatusMessageTerminal: true });

        emu.clearFaults();
        await client.run(emu.runId).get();
        expect(emu.timeline.map((entry) => entry.status)).toEqual([200, 502, 400, 500, 200, 200]);
    });

    it('rejects a malformed rule up front, naming the option', () => {
        expect(() => emu.fault({ status: 200 })).toThrow(/`status`/);
        expect(() => emu.fault({ delayMs: -1 })).toThrow(/`delayMs`/);
        expect(() => emu.fault({ status: 500, times: 0 })).toThrow(/`times`/);
        expect(() => emu.fault({ hang: true, drop: true })).toThrow(TypeError);
        expect(() => emu.fault({ match: 'any' })).toThrow(TypeError);
    });
});

describe('latency, hangs, drops and refused connections', () => {
    it('applies a delayed update only after the delay: reads that come in meanwhile see the old message', async () => {
        emu.fault({ match: 'put', delayMs: 300, times: 1 });
        let answered = false;
        const update = newClient()
            .run(emu.runId)
            .update({ statusMessage: 'slow' })
            .finally(() => {
                answered = true;
            });
        // Reads of the run until the update is answered, 20 ms apart: a run's endpoints are limited to
        // 60 requests a second, as on the platform, and reads back to back on loopback go faster.
        const reader = newClient();
        while (!answered) {
            await reader.run(emu.runId).get();
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await update;
        const put = emu.timeline.find((entry) => entry.method === 'PUT');
        expect(put).toMatchObject({ status: 200, fault: 'delay-300ms', currentMessage: 'slow' });
        // In the order the emulator saw them: reads that arrived after the update, and were answered
        // before it was applied, found the message as it was before. The order, not the time, is
        // the check: timings on a loaded machine prove nothing.
        const meanwhile = emu.timeline.filter(
            (entry) =>
                entry.method === 'GET' && entry.receivedAt >= (put?.receivedAt ?? 0) && entry.at < (put?.at ?? 0),
        );
        expect(meanwhile.length, emu.formatTimeline({ all: true })).toBeGreaterThan(0);
        expect(meanwhile.map((entry) => entry.currentMessage ?? null)).toEqual(meanwhile.map(() => null));
        expect(emu.run.statusMessage).toBe('slow');
    });

    it('never answers a hung request, so the client times out, and does not apply it', async () => {
        emu.fault({ hang: true, times: 1 });
        await expect(newClient({ timeoutSecs: 0.3 }).run(emu.runId).update({ statusMessage: 'lost' })).rejects.toThrow(
            /timeout/i,
        );
        expect(emu.timeline).toMatchObject([
            { status: 0, fault: 'hang', statusMessage: 'lost', currentMessage: undefined },
        ]);
        expect(emu.run.statusMessage).toBeNull();
        expect(emu.statusMessages()).toEqual([]);
    });

    it('drops the connection without an answer and does not apply the update', async () => {
        emu.fault({ drop: true, times: 1 });
        await expect(newClient().run(emu.runId).update({ statusMessage: 'lost' })).rejects.toMatchObject({
            code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/),
        });
        await newClient().run(emu.runId).update({ statusMessage: 'next' });
        expect(emu.timeline.map((entry) => [entry.status, entry.fault])).toEqual([
            [0, 'drop'],
            [200, undefined],
        ]);
        expect(emu.statusMessages().map((record) => record.message)).toEqual(['next']);
    });

    it('refuses connections on the same port until told to accept again', async () => {
        const client = newClient();
        await client.run(emu.runId).update({ statusMessage: 'before' });
        const { url } = emu;
        await emu.refuseConnections(true);
        await expect(client.run(emu.runId).update({ statusMessage: 'during' })).rejects.toMatchObject({
            code: 'ECONNREFUSED',
        });
        await emu.refuseConnections(false);
        expect(emu.url).toBe(url);
        await client.run(emu.runId).update({ statusMessage: 'after' });
        expect(emu.statusMessages().map((record) => record.message)).toEqual(['before', 'after']);
    });

    it('lets a retrying client through once connections are accepted again', async () => {
        await emu.refuseConnections(true);
        const pending = newClient({ maxRetries: 8 }).run(emu.runId).update({ statusMessage: 'eventually' });
        await emu.refuseConnections(false);
        await pending;
        expect(emu.run.statusMessage).toBe('eventually');
    });
});

describe('timeline', () => {
    it('counts attempts per message and flag, and shows what the Console shows after each request', async () => {
        const client = newClient();
        await client.run(emu.runId).update({ statusMessage: 'a' });
        await client.run(emu.runId).update({ statusMessage: 'a' });
        await client.run(emu.runId).update({ statusMessage: 'a', isStatusMessageTerminal: true });
        await client.run(emu.runId).get();

        expect(emu.timeline).toMatchObject([
            { method: 'PUT', statusMessage: 'a', attempt: 1, currentMessage: 'a' },
            { method: 'PUT', statusMessage: 'a', attempt: 2, currentMessage: 'a' },
            { method: 'PUT', statusMessage: 'a', isStatusMessageTerminal: true, attempt: 1, currentMessage: 'a' },
            { method: 'GET', status: 200, body: undefined, attempt: 1, currentMessage: 'a' },
        ]);
        const [first] = emu.timeline;
        expect(first?.path).toBe(`/v2/actor-runs/${emu.runId}`);
        expect(Date.parse(first?.time ?? '')).not.toBeNaN();
        expect(first?.body).toEqual({ statusMessage: 'a' });
    });

    it('flags every PUT that arrives after an accepted terminal message, and still applies it', async () => {
        const client = newClient();
        await client.run(emu.runId).update({ statusMessage: 'working' });
        await client.run(emu.runId).update({ statusMessage: 'Finished', isStatusMessageTerminal: true });
        await client.run(emu.runId).update({ statusMessage: 'late' });

        expect(emu.timeline.filter((entry) => entry.afterTerminal).map((entry) => entry.statusMessage)).toEqual([
            'late',
        ]);
        expect(emu.statusMessages()).toEqual([
            { at: expect.any(Number), message: 'working', terminal: false },
            { at: expect.any(Number), message: 'Finished', terminal: true },
            // Only present fields change, so the run stays terminal.
            { at: expect.any(Number), message: 'late', terminal: true },
        ]);
    });

    it('formats what the Console showed, and every request on demand', async () => {
        const client = newClient();
        emu.fault({ status: 503, times: 1 });
        await expect(client.run(emu.runId).update({ statusMessage: '1 of 2 pages' })).rejects.toThrow();
        await client.run(emu.runId).update({ statusMessage: '1 of 2 pages' });
        await client.run(emu.runId).update({ statusMessage: 'Done: 2 of 2 pages', isStatusMessageTerminal: true });

        expect(emu.formatTimeline().split('\n')).toEqual([
            expect.stringMatching(/^\+\d+\.\ds {2}1 of 2 pages$/),
            expect.stringMatching(/^\+\d+\.\ds {2}\[terminal\] Done: 2 of 2 pages$/),
        ]);
        const all = emu.formatTimeline({ all: true }).split('\n');
        expect(all).toHaveLength(3);
        expect(all[0]).toMatch(/PUT \/v2\/actor-runs\/\w+ -> 503 \(status-503\) {2}1 of 2 pages$/);
        expect(all[1]).toMatch(/-> 200 attempt 2 {2}1 of 2 pages$/);
    });

    it('waitFor resolves on the request that satisfies it', async () => {
        const seen = emu.waitFor((entries) => entries.some((entry) => entry.isStatusMessageTerminal === true));
        const client = newClient();
        await client.run(emu.runId).update({ statusMessage: 'working' });
        await client.run(emu.runId).update({ statusMessage: 'done', isStatusMessageTerminal: true });
        await seen;
        await emu.waitFor((entries) => entries.length === 2);
    });

    it('waitFor rejects with the timeline so far on timeout, and on close', async () => {
        await newClient().run(emu.runId).update({ statusMessage: 'only this' });
        await expect(emu.waitFor(() => false, 50)).rejects.toThrow(/timed out after 50 ms[\s\S]*only this/);
        const pending = expect(emu.waitFor(() => false)).rejects.toThrow(/closed/);
        await emu.close();
        await pending;
    });
});
