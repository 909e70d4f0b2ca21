import { describe, expect, it } from 'vitest';
import type { ChargedAmount } from '../../src/counting/charges.js';
import { formatUsd } from '../../src/wording/charges-words.js';
import { formatProgress } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

const charged = (overrides: Partial<ChargedAmount> = {}): ChargedAmount => ({
    totalUsd: 1.2,
    maxUsd: 5,
    events: { page: 12 },
    limitReached: false,
    ...overrides,
});

describe('what a pay-per-event run has charged, in its messages', () => {
    it('names the amount and the maximum, two decimals, after the counts', () => {
        const running = snapshotOf({ done: 12, total: 20, items: 12, ratePerMinute: 30, charged: charged() });
        expect(formatProgress(running)).toBe('12 of 20 pages done (60%) · 12 items · $1.20 of $5.00 max · 30/min');
        const unlimited = snapshotOf({ done: 12, charged: charged({ totalUsd: 0.004, maxUsd: null }) });
        expect(formatProgress(unlimited)).toBe('12 pages done · $0.00 charged');
        const large = snapshotOf({ done: 1, charged: charged({ totalUsd: 1234.567, maxUsd: 5000 }) });
        expect(formatProgress(large)).toBe('1 page done · $1,234.57 of $5,000.00 max');
    });

    it('changes nothing for a run that is not pay-per-event, or with the amounts turned off', () => {
        const plain = snapshotOf({ done: 12, total: 20 });
        expect(formatProgress({ ...plain, charged: null })).toBe(formatProgress(plain));
        expect(formatProgress({ ...plain, charged: charged() }, { showCharges: false })).toBe(formatProgress(plain));
    });

    it('follows the locale', () => {
        expect(formatUsd(1.2, 'de-DE')).toBe('1,20\u00a0$');
        expect(formatProgress(snapshotOf({ done: 3, charged: charged() }), { locale: 'de-DE' })).toBe(
            '3 pages done · 1,20\u00a0$ of 5,00\u00a0$ max',
        );
    });

    it('ends a run stopped at its maximum on the maximum, never "Finished: N of N", keeping "at least"', () => {
        const stopped = snapshotOf({
            status: 'finished',
            unit: ['product', 'products'],
            done: 5,
            total: 20,
            totalIsEstimate: true,
            items: 5,
            elapsedMs: 65_000,
            charged: charged({ totalUsd: 5, limitReached: true }),
        });
        const text = formatProgress(stopped);
        expect(text).toBe(
            'Stopped at the $5.00 max charge: 5 of at least 20 products done · 5 items · $5.00 charged · in 1 min 5 s',
        );
        expect(text).not.toMatch(/Finished/);
        // A firm total stays as it was: "5 of 20", not "5 of 5".
        expect(formatProgress({ ...stopped, totalIsEstimate: false })).toMatch(
            /^Stopped at the \$5\.00 max charge: 5 of 20 products done/,
        );
        // No total known (a custom main working until the budget is spent): no "of N" made up.
        expect(formatProgress({ ...stopped, total: undefined, totalIsEstimate: false })).toMatch(
            /^Stopped at the \$5\.00 max charge: 5 products done · /,
        );
        // The amounts turned off: the ending still says why the run stopped, without the amount.
        expect(formatProgress(stopped, { showCharges: false })).toBe(
            'Stopped at the $5.00 max charge: 5 of at least 20 products done · 5 items · in 1 min 5 s',
        );
    });

    it('ends a run that did all its work at the maximum as finished, and other endings as they were', () => {
        const done = snapshotOf({ status: 'finished', done: 20, total: 20, elapsedMs: 9_000 });
        expect(formatProgress({ ...done, charged: charged({ totalUsd: 5, limitReached: true }) })).toBe(
            'Finished: 20 of 20 pages done · $5.00 of $5.00 max · in 9 s',
        );
        const aborted = snapshotOf({ status: 'aborted', done: 3, total: 20, reason: 'received SIGTERM' });
        expect(formatProgress({ ...aborted, charged: charged({ limitReached: true }) })).toBe(
            'Aborted: 3 of 20 pages done · $1.20 of $5.00 max · received SIGTERM',
        );
        // No maximum set: nothing can have stopped the run (and an estimated total above what was
        // handled stays "at least": only a crawl that ran out of work makes it firm).
        const unlimited = snapshotOf({ status: 'finished', done: 3, total: 20, totalIsEstimate: true });
        expect(formatProgress({ ...unlimited, charged: charged({ maxUsd: null, limitReached: true }) })).toBe(
            'Finished: 3 of at least 20 pages done · $1.20 charged · in 0 s',
        );
    });

    it('adds the amount to the wording of several runs and of a run in steps, the stop at the maximum first', () => {
        const queue = { queueId: 'q', runs: 2, handled: 40, total: 90, totalIsEstimate: true };
        const worker = snapshotOf({ done: 20, sharedQueue: queue, charged: charged() });
        expect(formatProgress(worker)).toMatch(/ · \$1\.20 of \$5\.00 max$/);
        const steps = snapshotOf({
            status: 'finished',
            done: 4,
            total: 10,
            phase: { name: 'Scraping', index: 2, count: 2 },
            completedPhases: [{ name: 'Listing', done: 1, failed: 0, total: 1 }],
            charged: charged({ totalUsd: 5, limitReached: true }),
        });
        expect(formatProgress(steps)).toMatch(/^Stopped at the \$5\.00 max charge · .* · \$5\.00 of \$5\.00 max$/);
    });
});
