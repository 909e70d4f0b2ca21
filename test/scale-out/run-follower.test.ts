import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChildRunsProgress } from '../../src/counting/child-run-figures.js';
import type { ChildReader } from '../../src/scale-out/child-reader.js';
import type { RunAnswer } from '../../src/scale-out/child-state.js';
import type { ScaleOutPort } from '../../src/scale-out/port.js';
import { RunFollower } from '../../src/scale-out/run-follower.js';

const INTERVAL = 1_000;

/** A reporter as the follower sees it, on the fake clock, keeping what it is told. */
function fakePort(intervalMs = INTERVAL) {
    const warnings: string[] = [];
    const sums: { done: number; failed: number; total: number | undefined }[] = [];
    const port: ScaleOutPort & {
        childRuns?: ChildRunsProgress;
        counts?: unknown;
        warnings: string[];
        sums: typeof sums;
    } = {
        options: {
            clock: { now: () => Date.now() },
            intervalMs,
            requestTimeoutMs: 500,
            unit: ['item', 'items'],
            unitWasSet: false,
        },
        status: 'running',
        warnings,
        sums,
        updateSharedQueue: () => {},
        setChildRuns(childRuns, counts) {
            port.childRuns = childRuns;
            port.counts = counts;
            sums.push({ done: counts.done, failed: counts.failed, total: counts.total });
        },
        setUnit: () => {},
        addCountSource: () => () => {},
        warnOnce(kind, message) {
            if (!warnings.some((seen) => seen.startsWith(`${kind}:`))) warnings.push(`${kind}: ${message}`);
        },
    };
    return port;
}

/** Children played by hand: each GET is counted, per run and per interval. */
function fakeReader(runs: Record<string, () => RunAnswer | undefined>, records: Record<string, () => unknown> = {}) {
    const calls: { kind: 'run' | 'record'; id: string; at: number }[] = [];
    const reader: ChildReader = {
        async run(runId) {
            calls.push({ kind: 'run', id: runId, at: Date.now() });
            return runs[runId]?.();
        },
        async record(storeId) {
            calls.push({ kind: 'record', id: storeId.replace(/^s-/, ''), at: Date.now() });
            return records[storeId.replace(/^s-/, '')]?.();
        },
    };
    return { reader, calls };
}

const running = (id: string, message?: string): RunAnswer => ({
    status: 'RUNNING',
    defaultKeyValueStoreId: `s-${id}`,
    statusMessage: message,
});

beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
    vi.useRealTimers();
});

describe('a parent following its child runs', () => {
    it('reads each unfinished run at most once per interval, and a finished one no more', async () => {
        let bEnded = false;
        const { reader, calls } = fakeReader(
            {
                a: () => running('a'),
                b: () => (bEnded ? { status: 'SUCCEEDED', exitCode: 0 } : running('b')),
            },
            {
                a: () => ({
                    status: 'running',
                    done: 5,
                    failed: 0,
                    total: 20,
                    totalIsEstimate: true,
                    unit: ['page', 'pages'],
                }),
                b: () =>
                    bEnded
                        ? { status: 'finished', done: 8, failed: 0, total: 8, unit: ['page', 'pages'] }
                        : { status: 'running', done: 3, failed: 0, total: 8, unit: ['page', 'pages'] },
            },
        );
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        follower.follow('a');
        follower.follow('b', 'worker b');
        await vi.advanceTimersByTimeAsync(3 * INTERVAL);
        bEnded = true;
        await vi.advanceTimersByTimeAsync(20 * INTERVAL);
        follower.stop();

        for (const id of ['a', 'b']) {
            const times = calls.filter((call) => call.id === id).map((call) => call.at);
            const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
            expect(Math.min(...gaps), `${id}: ${times}`).toBeGreaterThanOrEqual(INTERVAL);
        }
        // b: once its run is seen ended, its record once more (its last counts), then nothing.
        const forB = calls.filter((call) => call.id === 'b').map((call) => call.kind);
        expect(forB.slice(-2)).toEqual(['run', 'record']);
        expect(calls.filter((call) => call.id === 'a').length).toBeGreaterThan(forB.length + 10);
        expect(port.childRuns?.runs).toEqual([
            expect.objectContaining({ runId: 'a', label: 'a', state: 'running', done: 5, total: 20 }),
            expect.objectContaining({ runId: 'b', label: 'worker b', state: 'finished', done: 8, exitCode: 0 }),
        ]);
        expect(port.counts).toEqual({ done: 13, failed: 0, failures: [], total: 28, totalIsEstimate: true });
    });

    it('says once that a run id does not exist, keeps it as not found among the runs expected, and follows the others', async () => {
        const { reader } = fakeReader({ a: () => running('a', '2 of 4 pages done'), nope: () => undefined });
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        follower.follow('nope');
        follower.follow('a');
        await vi.advanceTimersByTimeAsync(5 * INTERVAL);
        follower.stop();
        expect(port.warnings).toEqual([
            'child-missing:nope: Child run nope was not found (404): it is not followed. Check the run id, and that the token may read it.',
        ]);
        expect(port.childRuns).toMatchObject({
            expected: 2,
            runs: [
                { runId: 'nope', state: 'not-found' },
                { runId: 'a', done: 2, total: 4 },
            ],
        });
    });

    it('keeps the last figures when a read fails, and logs that once', async () => {
        let failing = false;
        const { reader } = fakeReader({
            a: () => {
                if (failing) throw new Error('API answered 429 rate-limit-exceeded');
                return running('a', '3 of 9 pages done');
            },
        });
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        follower.follow('a');
        await vi.advanceTimersByTimeAsync(2 * INTERVAL);
        failing = true;
        await vi.advanceTimersByTimeAsync(10 * INTERVAL);
        follower.stop();
        expect(port.warnings).toHaveLength(1);
        expect(port.warnings[0]).toContain('Could not read child run a (Error: API answered 429 rate-limit-exceeded)');
        expect(port.childRuns?.runs[0]).toMatchObject({ state: 'running', done: 3, total: 9 });
    });

    it('resolves whenAllEnded once every run ended and as many as expected were followed', async () => {
        const { reader } = fakeReader({
            a: () => ({ status: 'SUCCEEDED', exitCode: 0, defaultKeyValueStoreId: 's-a' }),
            b: () => ({ status: 'FAILED', exitCode: 1, defaultKeyValueStoreId: 's-b' }),
        });
        const port = fakePort();
        const follower = new RunFollower(port, { runs: 2, recordKey: 'PROGRESS', reader });
        const ended = vi.fn();
        void follower.whenAllEnded().then(ended);
        follower.follow('a');
        await vi.advanceTimersByTimeAsync(3 * INTERVAL);
        expect(ended).not.toHaveBeenCalled();
        follower.follow('b');
        await vi.advanceTimersByTimeAsync(3 * INTERVAL);
        expect(ended).toHaveBeenCalledWith([
            expect.objectContaining({ runId: 'a', state: 'finished' }),
            expect.objectContaining({ runId: 'b', state: 'failed', exitCode: 1 }),
        ]);
        expect(vi.getTimerCount()).toBe(0);
    });

    it("takes apify-orchestrator's updates: its runs by request id, their statuses, retries and lost runs", async () => {
        const { reader, calls } = fakeReader({
            r1: () => running('r1'),
            r2: () => running('r2'),
            r3: () => running('r3'),
        });
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        const info = (runId: string, status: string) => ({
            runId,
            status,
            runUrl: '',
            startedAt: '',
            lastUpdatedAt: '',
        });
        follower.onUpdate({ 'job-a': info('r1', 'READY') }, 'job-a', {
            id: 'r1',
            status: 'READY',
            defaultKeyValueStoreId: 's-r1',
        });
        follower.onUpdate({ 'job-a': info('r1', 'RUNNING'), 'job-b': info('r2', 'RUNNING') }, 'job-b');
        await vi.advanceTimersByTimeAsync(INTERVAL / 2);
        // r1's store came with the update: no GET of the run; r2's did not.
        expect(calls.filter((call) => call.kind === 'run').map((call) => call.id)).toEqual(['r2']);
        // job-b failed and was started again as r3 (r2 stays, a try run again); job-a's run is gone from the report: lost.
        follower.onUpdate({ 'job-b': info('r3', 'RUNNING') }, 'job-b');
        follower.onUpdate({ 'job-b': info('r3', 'SUCCEEDED') }, 'job-b', {
            id: 'r3',
            status: 'SUCCEEDED',
            exitCode: 0,
            defaultKeyValueStoreId: 's-r3',
        });
        follower.stop();
        expect(follower.runs).toEqual([
            expect.objectContaining({ runId: 'r1', label: 'job-a', state: 'lost', replaced: false }),
            expect.objectContaining({ runId: 'r2', label: 'job-b', replaced: true }),
            expect.objectContaining({ runId: 'r3', label: 'job-b', state: 'finished', exitCode: 0, replaced: false }),
        ]);
        // Two runs expected (job-a and job-b), not three.
        expect(port.childRuns?.expected).toBe(2);
        expect(() => follower.onUpdate(null as never)).not.toThrow();
    });

    it('reads a child at most once a second, even with intervalSecs 0', async () => {
        const ids = Array.from({ length: 10 }, (_, index) => `c${index}`);
        const { reader, calls } = fakeReader(
            Object.fromEntries(ids.map((id) => [id, () => running(id, '1 of 9 pages done')])),
        );
        const port = fakePort(0);
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        for (const id of ids) follower.follow(id);
        await vi.advanceTimersByTimeAsync(5_200);
        follower.stop();
        for (const id of ids) {
            const times = calls.filter((call) => call.id === id).map((call) => call.at);
            const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
            expect(Math.min(...gaps), `${id}: ${times}`).toBeGreaterThanOrEqual(1_000);
        }
        // At most one read a second per child, the first at once: 6 each in 5.2 s, 60 in all.
        expect(calls.length).toBeLessThanOrEqual(60);
    });

    it("never goes below what it saw of a child, when the platform replaces the child's last message", async () => {
        let answer: RunAnswer = running('a', '20 of 40 pages done (50%)');
        const { reader } = fakeReader({ a: () => answer });
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        follower.follow('a', 'child');
        await vi.advanceTimersByTimeAsync(3 * INTERVAL);
        answer = {
            status: 'ABORTED',
            defaultKeyValueStoreId: 's-a',
            statusMessage: 'The Actor run was aborted',
            isStatusMessageTerminal: true,
        };
        await vi.advanceTimersByTimeAsync(5 * INTERVAL);
        follower.stop();
        expect(follower.runs[0]).toMatchObject({ state: 'aborted', done: 20, total: 40 });
        const done = port.sums.map((sum) => sum.done);
        expect(done.at(-1)).toBe(20);
        expect(done, `${done}`).toEqual([...done].sort((a, b) => a - b));
    });

    it('follows the status message of a child whose record is of a newer schema version, with one warning', async () => {
        const { reader } = fakeReader(
            { a: () => running('a', '7 of 10 pages done (70%)'), b: () => running('b', '1 of 10 pages done (10%)') },
            {
                a: () => ({ schemaVersion: 2, status: 'running', done: 999, failed: 0, unit: ['page', 'pages'] }),
                b: () => ({ schemaVersion: 2, status: 'running', done: 999, failed: 0, unit: ['page', 'pages'] }),
            },
        );
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        follower.follow('a');
        follower.follow('b');
        await vi.advanceTimersByTimeAsync(4 * INTERVAL);
        follower.stop();
        expect(follower.runs.map((run) => run.done)).toEqual([7, 1]);
        expect(port.warnings).toEqual([
            'child-record-version: Child run a writes its progress record in schema version 2, newer than this actor-progress reads (1): the record is not used, its status message is. Update actor-progress in the parent.',
        ]);
    });

    it('follows a run again once it was resurrected, while it follows others', async () => {
        let aAnswer: RunAnswer = {
            status: 'SUCCEEDED',
            exitCode: 0,
            defaultKeyValueStoreId: 's-a',
            statusMessage: 'Finished: 10 of 10 pages done · in 3 s',
            isStatusMessageTerminal: true,
        };
        const { reader } = fakeReader({ a: () => aAnswer, b: () => running('b', '1 of 100 pages done') });
        const port = fakePort();
        const follower = new RunFollower(port, { runs: undefined, recordKey: 'PROGRESS', reader });
        follower.follow('a');
        follower.follow('b');
        await vi.advanceTimersByTimeAsync(5 * INTERVAL);
        expect(follower.runs[0]).toMatchObject({ state: 'finished', done: 10 });
        aAnswer = { status: 'RUNNING', defaultKeyValueStoreId: 's-a', statusMessage: '12 of 20 pages done (60%)' };
        await vi.advanceTimersByTimeAsync(65_000);
        expect(follower.runs[0]).toMatchObject({ state: 'running', done: 12, total: 20, exitCode: undefined });
        aAnswer = {
            status: 'SUCCEEDED',
            exitCode: 0,
            defaultKeyValueStoreId: 's-a',
            statusMessage: 'Finished: 20 of 20 pages done · in 9 s',
            isStatusMessageTerminal: true,
        };
        await vi.advanceTimersByTimeAsync(3 * INTERVAL);
        follower.stop();
        expect(follower.runs[0]).toMatchObject({ state: 'finished', done: 20, total: 20, exitCode: 0 });
    });
});
