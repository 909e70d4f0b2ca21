import { describe, expect, it } from 'vitest';
import { ShownSum, type SumShown } from '../../src/scale-out/shown-sum.js';

const sum = (overrides: Partial<SumShown>): SumShown => ({
    unit: 'pages',
    done: 0,
    failed: 0,
    unreported: 0,
    total: undefined,
    totalIsEstimate: true,
    ...overrides,
});

describe("a parent's sum as it shows it", () => {
    it('never shows fewer pages done or failed than before, nor a smaller "at least" total', () => {
        const shown = new ShownSum();
        shown.next(sum({ done: 40, failed: 2, total: 100 }));
        // A later read of a child said less (its platform message replaced its own): held.
        expect(shown.next(sum({ done: 30, failed: 1, total: 90 }))).toMatchObject({ done: 40, failed: 2, total: 100 });
    });

    it('keeps pages handled by no one who said how handled, until a child says how they ended', () => {
        const shown = new ShownSum();
        // The workers all ended; a killed one's last pages are in the queue's count, not in its words.
        expect(shown.next(sum({ done: 282, failed: 2, unreported: 18, total: 302, totalIsEstimate: false }))).toEqual(
            sum({ done: 282, failed: 2, unreported: 18, total: 302, totalIsEstimate: false }),
        );
        // A run resurrected: its queue's figures are not settled, the remainder is no longer counted.
        expect(shown.next(sum({ done: 282, failed: 2, unreported: 0, total: 302 }))).toMatchObject({
            done: 282,
            failed: 2,
            unreported: 18,
        });
        // Its record says what it did: 17 more done, 1 failed; handled stays 302, none unreported.
        expect(shown.next(sum({ done: 299, failed: 3, unreported: 0, total: 302, totalIsEstimate: false }))).toEqual(
            sum({ done: 299, failed: 3, unreported: 0, total: 302, totalIsEstimate: false }),
        );
    });
});
