import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { formatProgress } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

function snapshot(overrides: Partial<ProgressSnapshot>): ProgressSnapshot {
    return snapshotOf({
        unit: ['product', 'products'],
        done: 40,
        total: 100,
        now: 300_000,
        elapsedMs: 300_000,
        phase: { name: 'Enriching', index: 3, count: 3 },
        completedPhases: [
            { name: 'Listing', done: 10, failed: 0, total: 10, unit: ['category', 'categories'] },
            { name: 'Scraping', done: 500, failed: 0, total: 500, unit: ['page', 'pages'] },
        ],
        ...overrides,
    });
}

describe('messages of a run in steps', () => {
    it('progress names the step and its own counts', () => {
        expect(formatProgress(snapshot({ phase: { name: 'Enriching', index: 2, count: 3 } }))).toBe(
            'Step 2 of 3 · Enriching: 40 of 100 products done (40%)',
        );
        expect(formatProgress(snapshot({ phase: { name: 'Extra', index: 4, count: undefined } }))).toBe(
            'Step 4 · Extra: 40 of 100 products done (40%)',
        );
    });

    it('the finished message sums every step up', () => {
        expect(formatProgress(snapshot({ status: 'finished', done: 98, failed: 2 }))).toBe(
            'Finished 3 steps: Listing 10 of 10 categories · Scraping 500 of 500 pages · Enriching 98 of 100 products · 2 failed · in 5 min',
        );
    });

    it('a run that stops midway says at which step, with the reason last', () => {
        expect(formatProgress(snapshot({ status: 'failed', failed: 1, reason: 'Error: blocked' }))).toBe(
            'Failed at step 3 of 3: Listing 10 of 10 categories · Scraping 500 of 500 pages · Enriching 40 of 100 products · 1 failed · Error: blocked',
        );
        expect(formatProgress(snapshot({ status: 'timed-out' }))).toMatch(/^Time limit reached at step 3 of 3: /);
        expect(formatProgress(snapshot({ status: 'aborted' }))).toMatch(/^Aborted at step 3 of 3: /);
    });

    it('migrating says where the run will resume', () => {
        expect(formatProgress(snapshot({ status: 'migrating' }))).toBe(
            'Migrating to another server, will resume at Step 3 of 3 · Enriching: 40 of 100 products done',
        );
    });

    it('shortens the steps, then names only the last one, to stay within the cap', () => {
        const finished = snapshot({ status: 'finished', done: 98, failed: 2 });
        expect(formatProgress(finished, { maxLength: 100 })).toBe(
            'Finished 3 steps: Listing 10/10 · Scraping 500/500 · Enriching 98/100 · 2 failed · in 5 min',
        );
        expect(formatProgress(finished, { maxLength: 80 })).toBe(
            'Finished 3 steps: Enriching 98 of 100 products · 2 failed · in 5 min',
        );
    });
});

describe('a step with a very long name', () => {
    const longName = `Listing ${'very '.repeat(600)}long`; // 3,012 characters

    it('is shortened in the summary, never left out of it', () => {
        const finished = snapshot({
            status: 'finished',
            done: 100,
            phase: { name: 'Enriching', index: 2, count: 2 },
            completedPhases: [{ name: longName, done: 10, failed: 0, total: 10, unit: ['category', 'categories'] }],
        });
        // Before: "Finished 2 steps: Enriching 100 of 100 products · in 5 min", the first step gone.
        const text = formatProgress(finished, { maxLength: 500 });
        expect(text).toBe(
            `Finished 2 steps: ${longName.slice(0, 59)}… 10 of 10 categories · Enriching 100 of 100 products · in 5 min`,
        );
    });

    it('is shortened while the step runs, so that its counts still fit', () => {
        const running = snapshot({ phase: { name: longName, index: 1, count: 2 }, completedPhases: [] });
        expect(formatProgress(running)).toBe(`Step 1 of 2 · ${longName.slice(0, 59)}…: 40 of 100 products done (40%)`);
    });

    it('names get shorter still before any step is left out of a tight cap', () => {
        const steps = Array.from({ length: 8 }, (_, i) => ({
            name: `Collecting the category pages ${i + 1}`,
            done: 10,
            failed: 0,
            total: 10,
            unit: ['page', 'pages'] as const,
        }));
        const finished = snapshot({
            status: 'finished',
            done: 100,
            phase: { name: 'Enriching', index: 9, count: 9 },
            completedPhases: steps,
        });
        const text = formatProgress(finished, { maxLength: 200 });
        expect(text.length).toBeLessThanOrEqual(200);
        expect(text).toMatch(/^Finished 9 steps: /);
        // Every step is there, each with its counts.
        expect(text.match(/ \d+\/\d+/g)).toHaveLength(9);
    });
});

describe('reporter.phase()', () => {
    function reporter(phases?: string[]) {
        const transport = new RecordingTransport();
        const log = { info: () => {}, warning: () => {} };
        return new ProgressReporter({
            transport,
            log,
            handleExit: false,
            unit: 'pages',
            ...(phases ? { phases } : {}),
        });
    }

    it('starts each step with its own counts, total and unit, numbered from the `phases` option', () => {
        const r = reporter(['Listing', 'Scraping', 'Enriching']);
        r.phase('Listing', { total: 10, unit: 'categories' });
        r.advance(10);
        r.phase('Scraping', { total: 500 });
        r.advance(40);
        const s = r.snapshot();
        expect(s.phase).toEqual({ name: 'Scraping', index: 2, count: 3 });
        expect(s.unit).toEqual(['page', 'pages']);
        expect([s.done, s.total]).toEqual([40, 500]);
        expect(s.completedPhases).toEqual([
            { name: 'Listing', done: 10, failed: 0, total: 10, unit: ['category', 'categories'] },
        ]);
    });

    it('a step not in the `phases` list is numbered after the list, with no count: never "of 3", never a listed step\'s number', () => {
        const r = reporter(['Listing', 'Scraping', 'Enriching']);
        r.phase('Extra');
        expect(r.snapshot().phase).toEqual({ name: 'Extra', index: 4, count: undefined });
        r.phase('Listing');
        r.phase('Cleanup');
        expect(r.snapshot().phase).toEqual({ name: 'Cleanup', index: 5, count: undefined });
        r.phase('Scraping', { total: 10 });
        r.advance(4);
        expect(r.formatSnapshot(r.snapshot())).toBe('Step 2 of 3 · Scraping: 4 of 10 pages done (40%)');
        // Starting a finished unlisted step again starts it over, and the steps after it: its number is kept.
        r.phase('Cleanup');
        expect(r.snapshot().phase).toEqual({ name: 'Cleanup', index: 5, count: undefined });
        expect(r.formatSnapshot(r.snapshot())).toBe('Step 5 · Cleanup: 0 pages done');
    });

    it('without a `phases` list, steps are numbered in the order they start', () => {
        const r = reporter();
        r.phase('Listing');
        r.phase('Scraping');
        expect(r.snapshot().phase).toEqual({ name: 'Scraping', index: 2, count: undefined });
    });

    it('counts made before the first step belong to it; calling the running step again keeps its counts', () => {
        const r = reporter();
        r.advance(3);
        r.phase('Listing', { total: 10 });
        r.phase('Listing', { total: 12 });
        expect([r.snapshot().done, r.snapshot().total, r.snapshot().phase?.index]).toEqual([3, 12, 1]);
    });

    it('saves and restores steps and counts across a restart', () => {
        const before = reporter(['Listing', 'Scraping']);
        before.phase('Listing', { total: 2 });
        before.advance(2);
        before.phase('Scraping', { total: 10 });
        before.advance(4);
        const state = JSON.parse(JSON.stringify(before.exportState()));

        const after = reporter(['Listing', 'Scraping']);
        expect(after.importState(state)).toBe(true);
        after.phase('Scraping'); // the code simply calls it again after the restart
        after.advance(1);
        const s = after.snapshot();
        expect([s.phase?.name, s.phase?.index, s.done, s.total]).toEqual(['Scraping', 2, 5, 10]);
        expect(s.completedPhases?.map((phase) => phase.name)).toEqual(['Listing']);
    });

    it('a 3,000-character step name is shortened in the terminal message, and its step kept', async () => {
        const transport = new RecordingTransport();
        const r = new ProgressReporter({ transport, log: { info: () => {}, warning: () => {} }, handleExit: false });
        const longName = `Listing ${'x'.repeat(3_000)}`;
        r.phase(longName, { total: 10, unit: 'categories' });
        r.advance(10);
        r.phase('Scraping', { total: 5 });
        r.advance(5);
        await r.finish();
        expect(transport.messages.at(-1)).toMatch(
            /^Finished 2 steps: Listing x{51}… 10 of 10 categories · Scraping 5 of 5 items · in \d+ s$/,
        );
    });

    it('restored counts add to what the new start counted already', () => {
        const r = reporter();
        r.advance(2);
        r.importState({
            version: 1,
            startedAt: 0,
            done: 5,
            failed: 1,
            retried: 0,
            total: 10,
            totalIsEstimate: false,
            phase: undefined,
            completedPhases: [],
        });
        expect([r.snapshot().done, r.snapshot().failed, r.snapshot().total]).toEqual([7, 1, 10]);
    });
});
