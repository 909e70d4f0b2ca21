import { describe, expect, it } from 'vitest';
import type { ChildRunProgress, ChildRunsProgress } from '../../src/counting/child-run-figures.js';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { formatProgress } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

function run(label: string, overrides: Partial<ChildRunProgress> = {}): ChildRunProgress {
    return {
        runId: `id-${label}`,
        label,
        state: 'running',
        exitCode: undefined,
        done: 0,
        failed: 0,
        failures: [],
        total: undefined,
        totalIsEstimate: true,
        replaced: false,
        ...overrides,
    };
}

function parent(
    runs: ChildRunProgress[],
    overrides: Partial<ProgressSnapshot> = {},
    expected = runs.length,
): ProgressSnapshot {
    const childRuns: ChildRunsProgress = { expected, runs };
    return snapshotOf({
        done: runs.reduce((sum, child) => sum + child.done, 0),
        now: 60_000,
        elapsedMs: 60_000,
        childRuns,
        ...overrides,
    });
}

const eight = [
    run('a', { state: 'finished', done: 4000 }),
    run('b', { state: 'finished', done: 4000 }),
    run('c', { state: 'finished', done: 3000 }),
    run('d', { state: 'failed', done: 40, exitCode: 1 }),
    run('e', { done: 1000 }),
];

describe('the wording of a parent following its child runs', () => {
    it('sums them up while they run: runs finished, pages (at least, as the workers say), runs that failed', () => {
        const text = formatProgress(parent(eight, { total: 30_000, totalIsEstimate: true }, 8));
        expect(text).toBe('3 of 8 runs finished · 12,040 of at least 30,000 pages · 1 run failed');
    });

    it('says how many pages failed and why, while the runs go on, at the end, and for each run', () => {
        const http500 = { reason: 'HTTP 500', count: 30 };
        const runs = [
            run('worker 1', { state: 'finished', done: 101, failed: 2, failures: [{ reason: 'HTTP 500', count: 2 }] }),
            run('worker 2', { done: 70, failed: 30, failures: [http500] }),
            run('worker 3', { done: 60 }),
        ];
        const failures = [{ reason: 'HTTP 500', count: 32 }];
        expect(formatProgress(parent(runs, { failed: 32, failures, total: 400, totalIsEstimate: true }))).toBe(
            '1 of 3 runs finished · 231 of at least 400 pages · 32 failed (HTTP 500)',
        );
        const ended = runs.map((child) => ({ ...child, state: 'finished' as const }));
        const timeouts = { reason: 'timeout', count: 3 };
        expect(
            formatProgress(
                parent(ended, { status: 'finished', failed: 35, failures: [...failures, timeouts], total: 266 }),
            ),
        ).toBe(
            'All 3 runs finished · 231 of 266 pages · 35 failed (32 × HTTP 500, 3 × timeout) · worker 1: finished, 101 pages, 2 failed (HTTP 500); worker 2: finished, 70 pages, 30 failed (HTTP 500); worker 3: finished, 60 pages',
        );
        // Short of room, the runs' own reasons go first, then the runs that finished well.
        expect(
            formatProgress(
                parent(ended, { status: 'finished', failed: 35, failures: [...failures, timeouts], total: 266 }),
                {
                    maxLength: 200,
                },
            ),
        ).toBe(
            'All 3 runs finished · 231 of 266 pages · 35 failed (32 × HTTP 500, 3 × timeout) · worker 1: finished, 101 pages, 2 failed; worker 2: finished, 70 pages, 30 failed; worker 3: finished, 60 pages',
        );
    });

    it('says so when no run was followed at all', () => {
        expect(formatProgress(parent([], {}, 0))).toBe('No runs followed yet');
        expect(formatProgress(parent([], { status: 'finished' }, 0))).toBe('Finished: no runs were followed');
    });

    it('words a run made by hand without failures, as snapshots made before they existed', () => {
        const { failures: _, ...old } = run('a', { state: 'finished', done: 8, failed: 2 });
        expect(formatProgress(parent([old as ChildRunProgress], { status: 'finished', failed: 2, total: 10 }))).toBe(
            'All 1 run finished · 8 of 10 pages · 2 failed · a: finished, 8 pages, 2 failed',
        );
    });

    it('keeps a run id that does not exist as one of the runs, not found', () => {
        const ghost = run('typoInRunId00001', { state: 'not-found' });
        expect(formatProgress(parent([ghost], { status: 'finished' }))).toBe(
            'Finished: 0 of 1 run ended (1 not found) · typoInRunId00001: not found',
        );
        const runs = [run('a', { state: 'finished', done: 40 }), run('b', { state: 'finished', done: 38 }), ghost];
        expect(formatProgress(parent(runs.slice(0, 1).concat(run('b', { done: 10 }), ghost), {}, 3))).toBe(
            '1 of 3 runs finished · 50 pages · 1 run not found',
        );
        expect(formatProgress(parent(runs, { status: 'finished', total: 78 }), { maxLength: 120 })).toBe(
            'Finished: 2 of 3 runs ended (2 finished, 1 not found) · 78 of 78 pages · typoInRunId00001: not found',
        );
    });

    it('counts a try that was run again in the pages and the endings, not among the runs expected', () => {
        const first = run('crawl-1', { state: 'failed', exitCode: 1, done: 50, replaced: true });
        const retry = run('crawl-1', { runId: 'id-retry', done: 20 });
        expect(formatProgress(parent([first, retry], { total: 150, totalIsEstimate: true }, 1))).toBe(
            '0 of 1 run finished · 70 of at least 150 pages · 1 run retried',
        );
        const finished = { ...retry, state: 'finished' as const, done: 100 };
        expect(formatProgress(parent([first, finished], { status: 'finished', total: 150 }, 1))).toBe(
            'All 1 run finished · 1 run retried · 150 of 150 pages · crawl-1 (try 1): failed (exit code 1), 50 pages; crawl-1 (try 2): finished, 100 pages',
        );
    });

    it('says nothing of troubles there are none of, counts pages alone when no total is known, and nothing before a run said anything', () => {
        expect(formatProgress(parent([run('a'), run('b')]))).toBe('0 of 2 runs finished');
        expect(formatProgress(parent([run('a', { done: 12 }), run('b')]))).toBe('0 of 2 runs finished · 12 pages');
        expect(formatProgress(parent([run('a', { done: 1 })], { total: 5 }))).toBe(
            '0 of 1 run finished · 1 of 5 pages',
        );
    });

    it('lists every way runs ended besides finishing', () => {
        const runs = [
            run('a', { state: 'failed' }),
            run('b', { state: 'failed' }),
            run('c', { state: 'aborted' }),
            run('d', { state: 'timed-out' }),
            run('e', { state: 'lost' }),
        ];
        expect(formatProgress(parent(runs, {}, 6))).toBe(
            '0 of 6 runs finished · 2 runs failed, 1 aborted, 1 timed out, 1 lost',
        );
    });

    it('ends saying how each run ended', () => {
        const runs = [
            run('worker-1', { state: 'finished', done: 40 }),
            run('worker-2', { state: 'finished', done: 38 }),
            run('worker-3', { state: 'failed', done: 12, exitCode: 1 }),
        ];
        expect(formatProgress(parent(runs, { status: 'finished', total: 120 }))).toBe(
            'All 3 runs ended: 2 finished, 1 failed · 90 of 120 pages · worker-1: finished, 40 pages; worker-2: finished, 38 pages; worker-3: failed (exit code 1), 12 pages',
        );
        const allWell = runs.slice(0, 2);
        expect(formatProgress(parent(allWell, { status: 'finished', total: 78 }))).toBe(
            'All 2 runs finished · 78 of 78 pages · worker-1: finished, 40 pages; worker-2: finished, 38 pages',
        );
    });

    it('says which runs were still going when the parent itself ended', () => {
        const runs = [run('a', { state: 'finished', done: 40 }), run('b', { done: 10 })];
        expect(formatProgress(parent(runs, { status: 'aborted', reason: 'received SIGTERM' }, 3))).toBe(
            'Aborted: 1 of 3 runs ended (1 finished) · 1 still running · 1 not started · 50 pages · a: finished, 40 pages; b: still running, 10 pages · received SIGTERM',
        );
        expect(formatProgress(parent([run('a')], { status: 'finished' }))).toBe(
            'Finished: 0 of 1 run ended · 1 still running · a: still running, 0 pages',
        );
    });

    it('says a run that never started is not started, not still running', () => {
        const runs = [run('a', { state: 'finished', done: 40 }), run('b', { state: 'starting' })];
        expect(formatProgress(parent(runs, { status: 'aborted', reason: 'received SIGTERM' }))).toBe(
            'Aborted: 1 of 2 runs ended (1 finished) · 1 not started · 40 pages · a: finished, 40 pages; b: not started · received SIGTERM',
        );
    });

    it('says "at least" of a run that ended without saying its last counts (killed)', () => {
        const runs = [
            run('worker 1', { state: 'failed', exitCode: 137, done: 39, final: false }),
            run('worker 2', { state: 'finished', done: 141, final: true }),
        ];
        expect(formatProgress(parent(runs, { status: 'finished', done: 299, total: 302 }))).toBe(
            'All 2 runs ended: 1 finished, 1 failed · 299 of 302 pages · worker 1: failed (exit code 137), at least 39 pages; worker 2: finished, 141 pages',
        );
        // Killed before it said anything: nothing is claimed of it.
        const early = [{ ...runs[0], done: 0 } as ChildRunProgress, runs[1] as ChildRunProgress];
        expect(formatProgress(parent(early, { status: 'finished', done: 299, total: 302 }))).toBe(
            'All 2 runs ended: 1 finished, 1 failed · 299 of 302 pages · worker 1: failed (exit code 137); worker 2: finished, 141 pages',
        );
    });

    it('says "handled" of pages a killed worker did and never said how, with "at least" done and failed', () => {
        const runs = [
            run('worker 1', { state: 'finished', done: 99, failed: 1, failures: [{ reason: 'HTTP 500', count: 1 }] }),
            run('worker 2', { state: 'failed', exitCode: 137, done: 30, final: false }),
            run('worker 3', { state: 'finished', done: 153, failed: 1, failures: [{ reason: 'HTTP 500', count: 1 }] }),
        ];
        // The queue handled 302: 282 said done, 2 said failed, 18 done or failed by worker 2 before it died.
        const snapshot = (overrides: Partial<ProgressSnapshot>) =>
            parent(runs, {
                done: 282,
                failed: 2,
                failures: [{ reason: 'HTTP 500', count: 2 }],
                total: 302,
                totalIsEstimate: false,
                ...overrides,
                childRuns: { expected: 3, runs, unreported: 18 },
            });
        expect(formatProgress(snapshot({ status: 'finished' }))).toBe(
            'All 3 runs ended: 2 finished, 1 failed · 302 of 302 pages handled: at least 282 done, at least 2 failed (HTTP 500) · worker 1: finished, 99 pages, 1 failed (HTTP 500); worker 2: failed (exit code 137), at least 30 pages; worker 3: finished, 153 pages, 1 failed (HTTP 500)',
        );
        expect(formatProgress(snapshot({}))).toBe(
            '2 of 3 runs finished · 302 of 302 pages handled: at least 282 done, at least 2 failed · 1 run failed',
        );
        expect(formatProgress(snapshot({ failed: 0, failures: [], totalIsEstimate: true }))).toBe(
            '2 of 3 runs finished · 300 of at least 302 pages handled: at least 282 done · 1 run failed',
        );
    });

    it('counts children of another noun apart, each run in its own noun', () => {
        const runs = [
            run('crawler', { state: 'finished', done: 40, unit: ['page', 'pages'] }),
            run('enricher', { done: 30, unit: ['product', 'products'] }),
        ];
        const otherUnits = [
            { unit: ['product', 'products'] as const, done: 30, failed: 0, total: 80, totalIsEstimate: false },
        ];
        const snapshot = (overrides: Partial<ProgressSnapshot>) =>
            parent(runs, { done: 40, total: 40, ...overrides, childRuns: { expected: 2, runs, otherUnits } });
        expect(formatProgress(snapshot({}))).toBe('1 of 2 runs finished · 40 of 40 pages · 30 of 80 products');
        expect(formatProgress(snapshot({ status: 'aborted' }))).toBe(
            'Aborted: 1 of 2 runs ended (1 finished) · 1 still running · 40 of 40 pages · 30 of 80 products · crawler: finished, 40 pages; enricher: still running, 30 products',
        );
    });

    it('says when no run moved for a minute or more', () => {
        expect(formatProgress(parent([run('a', { done: 10 })], { stalledMs: 65_000 }))).toBe(
            '0 of 1 run finished · 10 pages · no progress for 1 min',
        );
    });

    it('shortens the list of runs to fit: first to those that did not finish well, then to none', () => {
        const many = Array.from({ length: 40 }, (_, index) =>
            run(`worker-${index + 1}`, {
                state: index === 7 ? 'failed' : 'finished',
                done: 100,
                exitCode: index === 7 ? 2 : 0,
            }),
        );
        const text = formatProgress(parent(many, { status: 'finished', total: 4000 }), { maxLength: 500 });
        expect(text).toBe(
            'All 40 runs ended: 39 finished, 1 failed · 4,000 of 4,000 pages · worker-8: failed (exit code 2), 100 pages',
        );
        const failing = many.map((child) => ({ ...child, state: 'failed' as const }));
        expect(formatProgress(parent(failing, { status: 'finished', total: 4000 }), { maxLength: 500 })).toBe(
            'All 40 runs ended: 40 failed · 4,000 of 4,000 pages',
        );
    });

    it('keeps a long label short', () => {
        const label = 'x'.repeat(100);
        expect(formatProgress(parent([run(label, { state: 'finished' })], { status: 'finished' }))).toBe(
            `All 1 run finished · ${'x'.repeat(39)}…: finished, 0 pages`,
        );
    });
});
