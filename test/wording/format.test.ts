import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, formatRate, formatTimeLeft, percentOf } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

const snapshot = snapshotOf;

describe('progress wording', () => {
    it('reads like the design: counts, percent, failures, rate, time left', () => {
        const text = formatProgress(
            snapshot({ done: 1204, failed: 12, total: 3000, ratePerMinute: 310.4, etaMs: 6 * 60_000 }),
        );
        expect(text).toBe('1,204 of 3,000 pages done (40%) · 12 failed · 310/min · about 6 min left');
    });

    it('uses the singular for exactly one', () => {
        expect(formatProgress(snapshot({ done: 1 }))).toBe('1 page done');
        expect(formatProgress(snapshot({ done: 0, total: 1 }))).toBe('0 of 1 page done (0%)');
        expect(formatProgress(snapshot({ done: 2 }))).toBe('2 pages done');
        expect(formatProgress(snapshot({ done: 0 }))).toBe('0 pages done');
    });

    it('shows no percent and no time left while the total is unknown', () => {
        expect(formatProgress(snapshot({ done: 12_345, ratePerMinute: 42 }))).toBe('12,345 pages done · 42/min');
    });

    it('says a growing total is a lower bound instead of showing a falling percent', () => {
        expect(formatProgress(snapshot({ done: 40, total: 120, totalIsEstimate: true, ratePerMinute: 30 }))).toBe(
            '40 of at least 120 pages done · 30/min',
        );
    });

    it('leaves the rate and time left out until they mean something', () => {
        expect(formatProgress(snapshot({ done: 3, total: 100 }))).toBe('3 of 100 pages done (3%)');
    });

    it('never shows 100% before everything is handled', () => {
        expect(formatProgress(snapshot({ done: 9_999, total: 10_000 }))).toBe('9,999 of 10,000 pages done (99%)');
        expect(percentOf(10_000, 10_000)).toBe(100);
        expect(percentOf(0, 0)).toBe(100);
    });

    it('floors the percent in whole numbers, not through a fraction that floating point rounds down', () => {
        // Before: 57 / 100 * 100 is 56.99999999999999, and the message read "57 of 100 products done (56%)".
        expect(formatProgress(snapshot({ unit: ['product', 'products'], done: 57, total: 100 }))).toBe(
            '57 of 100 products done (57%)',
        );
        expect(percentOf(29, 100)).toBe(29);
        expect(percentOf(870, 3_000)).toBe(29);
        expect(percentOf(1, 3)).toBe(33);
        expect(percentOf(2, 3)).toBe(66);
        // Every whole percent of every total up to 1,000 is exact, and 100 only once all is handled.
        for (let total = 1; total <= 1_000; total++) {
            for (let handled = 0; handled < total; handled++) {
                const percent = percentOf(handled, total);
                if (percent * total > handled * 100 || (percent + 1) * total <= handled * 100) {
                    expect.fail(`${handled} of ${total} gave ${percent}%`);
                }
                if (percent > 99) expect.fail(`${handled} of ${total} gave ${percent}% before the end`);
            }
        }
        expect(percentOf(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER)).toBe(99);
    });

    it('counts failures as handled in the percent', () => {
        expect(formatProgress(snapshot({ done: 5, failed: 5, total: 20 }))).toBe('5 of 20 pages done (50%) · 5 failed');
    });

    it('follows the locale for separators', () => {
        expect(formatProgress(snapshot({ done: 1204, total: 3000 }), { locale: 'de-DE' })).toBe(
            '1.204 of 3.000 pages done (40%)',
        );
    });

    it('prefixes the step when the run works in phases', () => {
        const text = formatProgress(
            snapshot({
                unit: ['product', 'products'],
                done: 40,
                total: 100,
                phase: { name: 'Enriching', index: 2, count: 3 },
            }),
        );
        expect(text).toBe('Step 2 of 3 · Enriching: 40 of 100 products done (40%)');
    });
});

describe('terminal wording', () => {
    it('says "<done> of <total>" when the run finished', () => {
        expect(formatProgress(snapshot({ status: 'finished', done: 60, total: 60, elapsedMs: 72_000 }))).toBe(
            'Finished: 60 of 60 pages done · in 1 min 12 s',
        );
    });

    it('uses what was handled as the total when none was known or it was only an estimate', () => {
        expect(formatProgress(snapshot({ status: 'finished', done: 58, failed: 2, elapsedMs: 5_000 }))).toBe(
            'Finished: 58 of 60 pages done · 2 failed · in 5 s',
        );
        expect(
            formatProgress(snapshot({ status: 'finished', done: 70, total: 50, totalIsEstimate: true, elapsedMs: 0 })),
        ).toBe('Finished: 70 of 70 pages done · in 0 s');
    });

    it('keeps a firm total the run did not reach', () => {
        expect(formatProgress(snapshot({ status: 'finished', done: 40, total: 60, elapsedMs: 1_000 }))).toBe(
            'Finished: 40 of 60 pages done · in 1 s',
        );
    });

    it('gives the error when the run failed, shortened', () => {
        const reason = `Error: ${'x'.repeat(400)}`;
        const text = formatProgress(snapshot({ status: 'failed', done: 40, failed: 3, total: 60, reason }));
        expect(text.startsWith('Failed: 40 of 60 pages done · 3 failed · Error: xxx')).toBe(true);
        expect(text.endsWith('…')).toBe(true);
        expect(text.length).toBeLessThan(250);
    });

    it('says the run was aborted, with the reason', () => {
        expect(formatProgress(snapshot({ status: 'aborted', done: 10, total: 60, reason: 'Aborted by user' }))).toBe(
            'Aborted: 10 of 60 pages done · Aborted by user',
        );
    });

    it('keeps a growing total as a lower bound when the run ends with more found than handled', () => {
        const cut = { done: 40, total: 120, totalIsEstimate: true };
        expect(formatProgress(snapshot({ status: 'aborted', ...cut, reason: 'interrupted by SIGINT' }))).toBe(
            'Aborted: 40 of at least 120 pages done · interrupted by SIGINT',
        );
        expect(formatProgress(snapshot({ status: 'timed-out', ...cut }))).toBe(
            'Time limit reached: 40 of at least 120 pages done',
        );
        // Finished all the same (Actor.exit() in a request handler, crawler.stop()): not "40 of 40".
        expect(formatProgress(snapshot({ status: 'finished', ...cut, elapsedMs: 0 }))).toBe(
            'Finished: 40 of at least 120 pages done · in 0 s',
        );
        // Nothing left beyond what was handled: the work ran out, the total is what it was.
        expect(
            formatProgress(snapshot({ status: 'finished', done: 40, total: 40, totalIsEstimate: true, elapsedMs: 0 })),
        ).toBe('Finished: 40 of 40 pages done · in 0 s');
    });

    it('says the time limit was reached and how far the run got', () => {
        expect(formatProgress(snapshot({ status: 'timed-out', done: 10, failed: 1, total: 60 }))).toBe(
            'Time limit reached: 10 of 60 pages done · 1 failed',
        );
    });

    it('says where a migrating run will resume', () => {
        expect(formatProgress(snapshot({ status: 'migrating', done: 10, total: 60 }))).toBe(
            'Migrating to another server, will resume at 10 of 60 pages done',
        );
    });

    it('makes no promise of resuming when nothing was saved', () => {
        expect(formatProgress(snapshot({ status: 'migrating', done: 10, total: 60 }), { progressSaved: false })).toBe(
            'Migrating to another server at 10 of 60 pages done',
        );
    });
});

describe('durations and rates', () => {
    it.each([
        [0, '0 s'],
        [59_400, '59 s'],
        [60_000, '1 min'],
        [72_000, '1 min 12 s'],
        [10 * 60_000, '10 min'],
        [90 * 60_000, '1 h 30 min'],
        [2 * 3_600_000, '2 h'],
    ])('formats %i ms as %s', (ms, expected) => {
        expect(formatDuration(ms)).toBe(expected);
    });

    it.each([
        [3_000, 'about 5 s left'],
        [42_000, 'about 40 s left'],
        [5 * 60_000 + 48_000, 'about 6 min left'],
        [125 * 60_000, 'about 2 h 5 min left'],
    ])('rounds a forecast of %i ms to %s', (ms, expected) => {
        expect(formatTimeLeft(ms)).toBe(expected);
    });

    it('shows slow rates with one decimal and fast ones whole', () => {
        expect(formatRate(0.25)).toBe('0.3/min');
        expect(formatRate(4.5)).toBe('4.5/min');
        expect(formatRate(12_345.6)).toBe('12,346/min');
    });
});
