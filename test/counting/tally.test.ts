import { describe, expect, it } from 'vitest';
import { Tally } from '../../src/counting/tally.js';
import { formatProgress } from '../../src/wording/format.js';

/** A tally on a clock the test moves by hand. */
function tallyAt(total: number | undefined) {
    let now = 1_000_000;
    const tally = new Tally({
        clock: { now: () => now },
        unit: ['page', 'pages'],
        total,
        phases: undefined,
        warnings: { overTotal: () => undefined, badTotalFunction: () => undefined },
    });
    return {
        tally,
        /** Moves the clock on and makes a message, as the reporter does before each call. */
        messageAfter(ms: number): string {
            now += ms;
            tally.observeRate();
            return formatProgress(tally.snapshot('running', undefined));
        },
    };
}

describe('time left', () => {
    it('is shown while units are left, at the current rate', () => {
        const { tally, messageAfter } = tallyAt(100);
        for (let i = 0; i < 6; i++) {
            tally.add('done', 10);
            messageAfter(5_000);
        }
        expect(messageAfter(0)).toBe('60 of 100 pages done (60%) · 120/min · about 20 s left');
    });

    it('is not shown once everything is handled: "(100%) · about 5 s left" would be false', () => {
        const { tally, messageAfter } = tallyAt(60);
        for (let i = 0; i < 6; i++) {
            tally.add('done', 10);
            messageAfter(5_000);
        }
        // Post-processing after the crawl: the counts are done, the run is not.
        expect(messageAfter(5_000)).toMatch(/^60 of 60 pages done \(100%\) · \d+\/min$/);
        expect(tally.snapshot('running', undefined).etaMs).toBeUndefined();
    });

    it('is not shown when more was counted than the total said', () => {
        const { tally, messageAfter } = tallyAt(50);
        for (let i = 0; i < 6; i++) {
            tally.add('done', 10);
            messageAfter(5_000);
        }
        expect(messageAfter(1_000)).toMatch(/^60 of 60 pages done \(100%\) · \d+\/min$/);
    });
});
