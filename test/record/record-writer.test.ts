import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../src/delivery/transport.js';
import type { RecordStore } from '../../src/record/record-store.js';
import { RecordWriter } from '../../src/record/record-writer.js';

interface PendingPut {
    key: string;
    value: unknown;
    timeoutMs: number;
    resolve: () => void;
    reject: (error: unknown) => void;
}

/** A store whose writes stay open until the test settles them. */
class ControlledStore implements RecordStore {
    readonly name = 'controlled';
    readonly puts: PendingPut[] = [];
    isReady = true;
    autoAnswer: 'ok' | DeliveryError | undefined = 'ok';
    #open = 0;
    maxOpen = 0;

    ready(): boolean {
        return this.isReady;
    }

    put(key: string, value: unknown, { timeoutMs }: { timeoutMs: number }): Promise<void> {
        this.#open++;
        this.maxOpen = Math.max(this.maxOpen, this.#open);
        return new Promise<void>((resolve, reject) => {
            const done = (fn: () => void) => () => {
                this.#open--;
                fn();
            };
            const put = {
                key,
                value,
                timeoutMs,
                resolve: done(resolve),
                reject: (e: unknown) => done(() => reject(e))(),
            };
            this.puts.push(put);
            if (this.autoAnswer === 'ok') put.resolve();
            else if (this.autoAnswer) put.reject(this.autoAnswer);
        });
    }

    get values(): unknown[] {
        return this.puts.map((put) => put.value);
    }
}

/** A store with a least spacing of its own and a synchronous write, as the API's. */
class ApiLikeStore extends ControlledStore {
    readonly minIntervalMs = 1_000;
    readonly syncValues: { value: unknown; timeoutMs: number }[] = [];
    syncAnswer: 'ok' | DeliveryError = 'ok';

    putSync(_key: string, value: unknown, { timeoutMs }: { timeoutMs: number }): void {
        this.syncValues.push({ value, timeoutMs });
        if (this.syncAnswer !== 'ok') throw this.syncAnswer;
    }
}

const serverError = () => new DeliveryError('API answered 500', { retryable: true, statusCode: 500, kind: 'http-500' });
const forbidden = () => new DeliveryError('API answered 403', { retryable: false, statusCode: 403, kind: 'http-403' });

let store: ControlledStore;
let version: number;
let failures: { kind: string; final: boolean; attempt: number; willRetry: boolean }[];

function writer(intervalMs = 30_000): RecordWriter {
    return new RecordWriter({
        store,
        key: 'PROGRESS',
        intervalMs,
        requestTimeoutMs: 5_000,
        maxAttempts: 3,
        render: () => ({ version }),
        onFailure: (failure, context) => failures.push({ kind: failure.kind, ...context }),
    });
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
    vi.useFakeTimers();
    store = new ControlledStore();
    version = 0;
    failures = [];
});

afterEach(() => {
    vi.useRealTimers();
});

describe('scheduling', () => {
    it('writes the first change at once, then at most once per interval, the latest document each time', async () => {
        const w = writer();
        version = 1;
        w.request();
        await settle();
        expect(store.values).toEqual([{ version: 1 }]);
        expect(store.puts[0]?.key).toBe('PROGRESS');

        for (let second = 1; second <= 120; second++) {
            version = second + 1;
            w.request();
            await vi.advanceTimersByTimeAsync(1_000);
        }
        // 120 s of changes every second: the first write, then one at 30, 60, 90 and 120 s, each with
        // the change made just before (at 29 s the document is version 31).
        expect(store.values).toEqual([
            { version: 1 },
            { version: 31 },
            { version: 61 },
            { version: 91 },
            { version: 121 },
        ]);
        expect(w.callCount).toBeLessThanOrEqual(Math.ceil(120_000 / 30_000) + 2);
    });

    it("never writes more often than the store's own least spacing, whatever the interval", async () => {
        store = new ApiLikeStore();
        const w = writer(0);
        for (let ms = 0; ms < 2_500; ms += 50) {
            version = ms;
            w.request();
            await vi.advanceTimersByTimeAsync(50);
        }
        // 0 s, 1 s, 2 s: one write a second, not one per change (50 of them).
        expect(store.puts).toHaveLength(3);
    });

    it('writes nothing while nothing changes', async () => {
        const w = writer();
        w.request();
        await vi.advanceTimersByTimeAsync(10 * 60_000);
        expect(store.puts).toHaveLength(1);
    });

    it('keeps one call in flight: a slow write delays the next, never overlaps it', async () => {
        store.autoAnswer = undefined;
        const w = writer(1_000);
        w.request();
        await settle();
        for (let i = 0; i < 4; i++) {
            w.request();
            await vi.advanceTimersByTimeAsync(1_000); // within the call's 5 s timeout
        }
        expect(store.puts).toHaveLength(1);
        store.puts[0]?.resolve();
        await settle();
        expect(store.puts).toHaveLength(2);
        expect(store.maxOpen).toBe(1);
    });

    it('waits for Actor.init() (a store that is not ready) and writes once it is', async () => {
        store.isReady = false;
        const w = writer();
        w.request();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(store.puts).toHaveLength(0);
        store.isReady = true;
        await vi.advanceTimersByTimeAsync(5_000);
        expect(store.puts).toHaveLength(1);
    });
});

describe('failures', () => {
    it('retries a failed write a few times with backoff, then leaves it to the next change', async () => {
        store.autoAnswer = serverError();
        const w = writer();
        w.request();
        await vi.advanceTimersByTimeAsync(10_000);
        expect(store.puts).toHaveLength(3);
        expect(failures.map((f) => f.willRetry)).toEqual([true, true, false]);

        store.autoAnswer = 'ok';
        version = 2;
        w.request();
        await vi.advanceTimersByTimeAsync(30_000);
        expect(store.values.at(-1)).toEqual({ version: 2 });
    });

    it('stops writing for good when the store refuses for good (a bad token, no such store)', async () => {
        store.autoAnswer = forbidden();
        const w = writer();
        w.request();
        await settle();
        w.request();
        await vi.advanceTimersByTimeAsync(5 * 60_000);
        await w.finish(5_000);
        expect(store.puts).toHaveLength(1);
        expect(failures).toEqual([{ kind: 'http-403', final: false, attempt: 1, willRetry: false }]);
    });

    it('gives up on a call that hangs after its timeout', async () => {
        store.autoAnswer = undefined;
        const w = writer();
        w.request();
        await vi.advanceTimersByTimeAsync(5_250);
        expect(failures[0]).toMatchObject({ kind: 'timeout', attempt: 1, willRetry: true });
    });
});

describe('migration and the end', () => {
    it('writes at once at a migration, after the call in flight, whatever the interval', async () => {
        store.autoAnswer = undefined;
        const w = writer();
        w.request();
        await settle();
        version = 2;
        const migrating = w.writeNow(5_000);
        await settle();
        expect(store.puts).toHaveLength(1); // waits for the call in flight
        store.puts[0]?.resolve();
        await settle();
        expect(store.values).toEqual([{ version: 0 }, { version: 2 }]);
        store.puts[1]?.resolve();
        await migrating;
    });

    it('gives a migration no more than its deadline, waiting for a hung call included', async () => {
        store.autoAnswer = undefined;
        const w = writer();
        w.request();
        await settle();
        let done = false;
        void w.writeNow(3_000).then(() => {
            done = true;
        });
        await vi.advanceTimersByTimeAsync(3_000);
        expect(done).toBe(true);
    });

    it('writes the final document last, after the call in flight, and nothing after it', async () => {
        store.autoAnswer = undefined;
        const w = writer();
        w.request();
        await settle();
        version = 99;
        const finishing = w.finish(5_000);
        await settle();
        expect(store.puts).toHaveLength(1);
        store.puts[0]?.resolve();
        await settle();
        expect(store.values.at(-1)).toEqual({ version: 99 });
        store.puts[1]?.resolve();
        await finishing;
        w.request();
        await w.writeNow(5_000);
        await vi.advanceTimersByTimeAsync(60_000);
        expect(store.puts).toHaveLength(2);
        expect(await w.finish(5_000)).toBeUndefined();
        expect(store.puts).toHaveLength(2);
    });

    it('retries the final write until its deadline, and no longer', async () => {
        store.autoAnswer = serverError();
        const w = writer();
        const finishing = w.finish(3_000);
        await vi.advanceTimersByTimeAsync(3_000);
        await finishing;
        const calls = store.puts.length;
        expect(calls).toBeGreaterThan(1);
        expect(failures.at(-1)).toMatchObject({ final: true, willRetry: false });
        await vi.advanceTimersByTimeAsync(60_000);
        expect(store.puts).toHaveLength(calls);
    });

    it('ends within its deadline when the call in flight hangs', async () => {
        store.autoAnswer = undefined;
        const w = writer();
        w.request();
        await settle();
        let done = false;
        void w.finish(2_000).then(() => {
            done = true;
        });
        await vi.advanceTimersByTimeAsync(2_000);
        expect(done).toBe(true);
    });

    it('at process exit: the final document, written synchronously within the time given, once', async () => {
        const apiLike = new ApiLikeStore();
        store = apiLike;
        const w = writer();
        w.request();
        await settle();
        version = 7;
        w.finishAtExit(Date.now() + 1_500);
        expect(apiLike.syncValues).toEqual([{ value: { version: 7 }, timeoutMs: 1_500 }]);
        w.finishAtExit(Date.now() + 1_500); // landed: nothing more
        w.request();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(apiLike.syncValues).toHaveLength(1);
        expect(store.puts).toHaveLength(1);
        expect(w.callCount).toBe(2);
    });

    it('at process exit: nothing when the final document had landed; a failure is reported as final', async () => {
        const apiLike = new ApiLikeStore();
        store = apiLike;
        const landed = writer();
        await landed.finish(5_000);
        landed.finishAtExit(Date.now() + 2_000);
        expect(apiLike.syncValues).toEqual([]);

        apiLike.syncAnswer = new DeliveryError('no answer within 2000 ms at exit', {
            retryable: false,
            kind: 'timeout',
        });
        writer().finishAtExit(Date.now() + 2_000);
        expect(failures).toEqual([{ kind: 'timeout', final: true, attempt: 1, willRetry: false }]);
    });

    it('at process exit, again: the final document is written once more when the ending was replaced at exit', async () => {
        const apiLike = new ApiLikeStore();
        store = apiLike;
        const w = writer();
        await w.finish(5_000); // "finished" landed
        version = 8; // the exit failed: the document now says so
        w.finishAtExit(Date.now() + 2_000, { again: true });
        expect(apiLike.syncValues).toEqual([{ value: { version: 8 }, timeoutMs: 2_000 }]);
    });
});

describe('the final write when the terminal message left no time', () => {
    it('a store that writes locally still gets it (the status message cannot hold up a local file)', async () => {
        store = Object.assign(new ControlledStore(), { writesLocally: true });
        const w = writer();
        version = 7;
        // What the terminal deadline left: nothing (the terminal message hung until its deadline).
        await w.finish(0);
        // Before: nothing was written, and the local record stayed "running".
        expect(store.values).toEqual([{ version: 7 }]);
        expect(store.puts[0]?.timeoutMs).toBeGreaterThan(0);
    });

    it('a store through the network does not: the shared deadline bounds the whole end', async () => {
        const w = writer();
        version = 7;
        await w.finish(0);
        expect(store.values).toEqual([]);
    });
});
