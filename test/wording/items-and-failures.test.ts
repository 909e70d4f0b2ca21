import { describe, expect, it } from 'vitest';
import type { FailureCount, ProgressSnapshot } from '../../src/counting/snapshot.js';
import { formatProgress } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

function snapshot(overrides: Partial<ProgressSnapshot> = {}): ProgressSnapshot {
    return snapshotOf({
        elapsedMs: 9_000,
        ...overrides,
    });
}

const fails = (...entries: [string, number][]): FailureCount[] => entries.map(([reason, count]) => ({ reason, count }));

describe('items in the messages', () => {
    it('reads like the issue: pages, then what they yielded', () => {
        const text = formatProgress(
            snapshot({
                done: 1204,
                failed: 12,
                items: 5310,
                total: 3000,
                ratePerMinute: 310,
                etaMs: 6 * 60_000,
                failures: fails(['HTTP 500', 12]),
            }),
        );
        expect(text).toBe('1,204 of 3,000 pages done (40%) · 5,310 items · 12 failed · 310/min · about 6 min left');
    });

    it('sums items up at the end, and says nothing of them when there are none', () => {
        const end = snapshot({
            status: 'finished',
            done: 299,
            failed: 3,
            total: 302,
            failures: fails(['HTTP 500', 3]),
        });
        expect(formatProgress({ ...end, items: 1450 })).toBe(
            'Finished: 299 of 302 pages done · 1,450 items · 3 failed (HTTP 500) · in 9 s',
        );
        expect(formatProgress(end)).toBe('Finished: 299 of 302 pages done · 3 failed (HTTP 500) · in 9 s');
        expect(formatProgress(snapshot({ done: 1, items: 1 }))).toBe('1 page done · 1 item');
    });

    it('says "saved" when the run already counts items', () => {
        const text = formatProgress(snapshot({ unit: ['item', 'items'], done: 40, total: 60, items: 30 }));
        expect(text).toBe('40 of 60 items done (66%) · 30 saved');
    });
});

describe('failure reasons in the terminal message', () => {
    const finished = (failures: FailureCount[], extra: Partial<ProgressSnapshot> = {}) =>
        formatProgress(
            snapshot({
                status: 'finished',
                done: 10,
                failed: failures.reduce((sum, entry) => sum + entry.count, 0),
                failures,
                ...extra,
            }),
        );

    it('names the most common reasons with their counts', () => {
        expect(finished(fails(['HTTP 500', 2], ['timeout', 1]))).toBe(
            'Finished: 10 of 13 pages done · 3 failed (2 × HTTP 500, 1 × timeout) · in 9 s',
        );
    });

    it('names three at most and sums the rest up as other', () => {
        const text = finished(
            fails(['HTTP 500', 8], ['timeout', 3], ['TypeError in the handler', 2], ['HTTP 404', 1], ['other', 1]),
        );
        expect(text).toBe(
            'Finished: 10 of 25 pages done · 15 failed (8 × HTTP 500, 3 × timeout, 2 × TypeError in the handler, 2 × other) · in 9 s',
        );
    });

    it('names specific reasons before "unknown" and adds nothing when every reason is unknown', () => {
        expect(finished(fails(['unknown', 5], ['HTTP 500', 2]))).toBe(
            'Finished: 10 of 17 pages done · 7 failed (2 × HTTP 500, 5 × unknown) · in 9 s',
        );
        expect(finished(fails(['unknown', 3]))).toBe('Finished: 10 of 13 pages done · 3 failed · in 9 s');
    });

    it('names fewer reasons, then none, when the message would be too long', () => {
        const failures = fails(['blocked: HTTP 403', 40], ['network error: ECONNRESET', 30], ['timeout', 20]);
        const full = finished(failures);
        expect(full).toBe(
            'Finished: 10 of 100 pages done · 90 failed (40 × blocked: HTTP 403, 30 × network error: ECONNRESET, 20 × timeout) · in 9 s',
        );
        const s = snapshot({ status: 'finished', done: 10, failed: 90, failures });
        expect(formatProgress(s, { maxLength: full.length - 1 })).toBe(
            'Finished: 10 of 100 pages done · 90 failed (40 × blocked: HTTP 403, 30 × network error: ECONNRESET, 20 × other) · in 9 s',
        );
        expect(formatProgress(s, { maxLength: 60 })).toBe('Finished: 10 of 100 pages done · 90 failed · in 9 s');
    });

    it('names them in every ending, and in a run in steps', () => {
        const base = { done: 10, failed: 2, total: 20, failures: fails(['HTTP 500', 2]), items: 7 };
        expect(formatProgress(snapshot({ ...base, status: 'aborted', reason: 'Error: SIGTERM' }))).toBe(
            'Aborted: 10 of 20 pages done · 7 items · 2 failed (HTTP 500) · Error: SIGTERM',
        );
        expect(formatProgress(snapshot({ ...base, status: 'timed-out' }))).toBe(
            'Time limit reached: 10 of 20 pages done · 7 items · 2 failed (HTTP 500)',
        );
        const steps = snapshot({
            ...base,
            status: 'finished',
            failed: 1,
            failures: fails(['HTTP 500', 2]),
            phase: { name: 'Scraping', index: 2, count: 2 },
            completedPhases: [{ name: 'Listing', done: 3, failed: 1, total: 4 }],
        });
        expect(formatProgress(steps)).toBe(
            'Finished 2 steps: Listing 3 of 4 pages · Scraping 10 of 20 pages · 7 items · 2 failed (HTTP 500) · in 9 s',
        );
    });
});

describe('failure reasons in progress messages', () => {
    const running = (done: number, failures: FailureCount[]) =>
        formatProgress(snapshot({ done, failed: failures.reduce((s, e) => s + e.count, 0), failures }));

    it('stay out while failures are a small share', () => {
        expect(running(91, fails(['HTTP 500', 9]))).toBe('91 pages done · 9 failed');
    });

    it('name the top reason once failures are a tenth of what was handled', () => {
        expect(running(90, fails(['blocked: HTTP 429', 10]))).toBe('90 pages done · 10 failed (blocked: HTTP 429)');
        expect(running(40, fails(['timeout', 6], ['HTTP 500', 4]))).toBe('40 pages done · 10 failed (mostly timeout)');
    });

    it('name none when no reason covers half of the failures, or the top one is unknown', () => {
        expect(running(40, fails(['timeout', 4], ['HTTP 500', 3], ['HTTP 404', 3]))).toBe('40 pages done · 10 failed');
        expect(running(40, fails(['unknown', 10]))).toBe('40 pages done · 10 failed');
    });
});
