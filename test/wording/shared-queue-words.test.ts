import { describe, expect, it } from 'vitest';
import type { SharedQueueProgress } from '../../src/counting/shared-queue-figures.js';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { formatProgress } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

const queue = (overrides: Partial<SharedQueueProgress> = {}): SharedQueueProgress => ({
    queueId: 'q1',
    runs: 4,
    handled: 1204,
    total: 3000,
    totalIsEstimate: true,
    ...overrides,
});

function worker(
    overrides: Partial<ProgressSnapshot> = {},
    shared: Partial<SharedQueueProgress> = {},
): ProgressSnapshot {
    return snapshotOf({
        done: 310,
        failed: 3,
        now: 60_000,
        elapsedMs: 60_000,
        ratePerMinute: 310,
        sharedQueue: queue(shared),
        ...overrides,
    });
}

describe('the wording of a worker on a shared queue', () => {
    it("shows the whole crawl first, then this run's share", () => {
        expect(formatProgress(worker())).toBe(
            '1,204 of at least 3,000 pages handled across 4 runs · this run 310 · 3 failed here',
        );
    });

    it('says "across runs" when the number of runs is not known, and leaves out failures when there are none', () => {
        expect(formatProgress(worker({ failed: 0 }, { runs: undefined }))).toBe(
            '1,204 of at least 3,000 pages handled across runs · this run 310',
        );
        expect(formatProgress(worker({ done: 0, failed: 0 }, { runs: 1, handled: 0, total: 1 }))).toBe(
            '0 of at least 1 page handled across 1 run · this run 0',
        );
    });

    it('drops "at least" once the queue is drained', () => {
        expect(formatProgress(worker({}, { handled: 3000, totalIsEstimate: false }))).toBe(
            '3,000 of 3,000 pages handled across 4 runs · this run 310 · 3 failed here',
        );
    });

    it('claims nothing about the whole crawl before the queue was read', () => {
        expect(formatProgress(worker({ done: 12, failed: 0 }, { handled: undefined, total: undefined }))).toBe(
            'Working through a shared queue across 4 runs · this run 12 pages',
        );
        expect(formatProgress(worker({ done: 0, failed: 0 }, { handled: 0, total: 0 }))).toBe(
            'Working through a shared queue across 4 runs · this run 0 pages',
        );
    });

    it('says when neither this run nor the crawl moved for a minute or more, as any run does', () => {
        // After a SIGKILL the other workers wait for the dead worker's locks to expire.
        expect(formatProgress(worker({ stalledMs: 125_000, ratePerMinute: undefined }))).toBe(
            '1,204 of at least 3,000 pages handled across 4 runs · this run 310 · 3 failed here · no progress for 2 min',
        );
        expect(formatProgress(worker({ stalledMs: 61_000 }, { handled: undefined, total: undefined }))).toBe(
            'Working through a shared queue across 4 runs · this run 310 pages · 3 failed here · no progress for 1 min',
        );
    });

    it('names the items saved, like any run', () => {
        expect(formatProgress(worker({ items: 305 }))).toBe(
            '1,204 of at least 3,000 pages handled across 4 runs · this run 310 · 305 items · 3 failed here',
        );
    });

    it("ends with this run's share and where the crawl stands, unless the queue is drained", () => {
        expect(formatProgress(worker({ status: 'finished' }, { handled: 2900, totalIsEstimate: true }))).toBe(
            'Finished my share: 310 pages · 3 failed here · the crawl stands at 2,900 of at least 3,000 across 4 runs',
        );
        expect(
            formatProgress(worker({ status: 'finished', failed: 0 }, { handled: 2900, totalIsEstimate: false })),
        ).toBe('Finished my share: 310 pages · the crawl stands at 2,900 of 3,000 across 4 runs');
        // A reading of the queue shows it empty, not that nobody will add to it: it says what was seen.
        const drained = formatProgress(worker({ status: 'finished' }, { handled: 3000, totalIsEstimate: false }));
        expect(drained).toBe(
            'Finished: 3,000 of 3,000 pages handled across 4 runs, the queue was empty when this run ended · this run 310 · 3 failed here',
        );
        expect(drained).not.toMatch(/crawl is done/);
        expect(formatProgress(worker({ status: 'finished' }, { handled: undefined, total: undefined }))).toBe(
            'Finished my share: 310 pages · 3 failed here',
        );
    });

    it('says how the run was cut short, with the crawl where it stands', () => {
        expect(formatProgress(worker({ status: 'aborted', reason: 'received SIGTERM' }))).toBe(
            'Aborted: this run 310 pages · 3 failed here · the crawl stands at 1,204 of at least 3,000 across 4 runs · received SIGTERM',
        );
        expect(formatProgress(worker({ status: 'failed', failed: 0, reason: 'TypeError: x is undefined' }))).toBe(
            'Failed: this run 310 pages · the crawl stands at 1,204 of at least 3,000 across 4 runs · TypeError: x is undefined',
        );
        expect(formatProgress(worker({ status: 'timed-out' }))).toBe(
            'Time limit reached: this run 310 pages · 3 failed here · the crawl stands at 1,204 of at least 3,000 across 4 runs',
        );
        expect(formatProgress(worker({ status: 'migrating' }))).toBe(
            'Migrating to another server, will resume at this run 310 pages · the crawl stands at 1,204 of at least 3,000 across 4 runs',
        );
    });

    it('says why pages failed here, as any run does: the top reason once notable, the most common at the end', () => {
        const failures = [
            { reason: 'HTTP 500', count: 30 },
            { reason: 'timeout', count: 10 },
        ];
        expect(formatProgress(worker({ done: 200, failed: 40, failures }))).toBe(
            '1,204 of at least 3,000 pages handled across 4 runs · this run 200 · 40 failed here (mostly HTTP 500)',
        );
        expect(formatProgress(worker({ status: 'finished', done: 200, failed: 40, failures }))).toBe(
            'Finished my share: 200 pages · 40 failed here (30 × HTTP 500, 10 × timeout) · the crawl stands at 1,204 of at least 3,000 across 4 runs',
        );
        // Below a tenth of what was handled, a progress message only counts them.
        expect(formatProgress(worker({ failures: [{ reason: 'HTTP 500', count: 3 }] }))).toMatch(/ · 3 failed here$/);
    });

    it("names as many failure reasons as fit in maxLength, so that the crawl's figures keep their place", () => {
        const failures = [
            { reason: 'blocked: HTTP 403', count: 40 },
            { reason: 'timeout in the handler', count: 30 },
            { reason: 'network error: ECONNRESET', count: 20 },
            { reason: 'TypeError in the handler', count: 10 },
        ];
        const ended = { done: 310, failed: 100, items: 1450, failures };
        const share = formatProgress(worker({ ...ended, status: 'finished' }, { handled: 2900 }), { maxLength: 160 });
        expect(share).toBe(
            'Finished my share: 310 pages · 1,450 items · 100 failed here (40 × blocked: HTTP 403, 60 × other) · the crawl stands at 2,900 of at least 3,000 across 4 runs',
        );
        expect(share.length).toBeLessThanOrEqual(160);
        const aborted = formatProgress(
            worker({ ...ended, status: 'aborted', reason: 'Error: stopped' }, { handled: 2900 }),
            {
                maxLength: 200,
            },
        );
        expect(aborted.length).toBeLessThanOrEqual(200);
        expect(aborted).toContain(' · the crawl stands at 2,900 of at least 3,000 across 4 runs · Error: stopped');
        // Without a cap, every reason that is kept is named.
        expect(formatProgress(worker({ ...ended, status: 'finished' }))).toContain(
            '100 failed here (40 × blocked: HTTP 403, 30 × timeout in the handler, 20 × network error: ECONNRESET, 10 × other)',
        );
    });

    it('uses the locale for every number', () => {
        expect(formatProgress(worker({ done: 1310 }), { locale: 'de-DE' })).toBe(
            '1.204 of at least 3.000 pages handled across 4 runs · this run 1.310 · 3 failed here',
        );
    });
});
