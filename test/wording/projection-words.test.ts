import { describe, expect, it } from 'vitest';
import { dense } from '../../bench/projection/shapes.js';
import { Tally } from '../../src/counting/tally.js';
import { formatProgress } from '../../src/wording/format.js';
import { roundProjection } from '../../src/wording/projection-words.js';
import { crawlInMemory } from '../helpers/discovery.js';
import { snapshotOf } from '../helpers/snapshot.js';

/** A crawl still finding pages: 1,204 done, at least 2,100 found. */
const growing = snapshotOf({ done: 1_204, total: 2_100, totalIsEstimate: true, ratePerMinute: 310 });

describe('roundProjection', () => {
    it('rounds down to two significant figures, as an estimate reads', () => {
        expect(roundProjection(3_012, 2_100)).toBe(3_000);
        expect(roundProjection(2_987, 2_100)).toBe(2_900);
        expect(roundProjection(1_234, 1_000)).toBe(1_200);
        expect(roundProjection(12_345, 9_000)).toBe(12_000);
        expect(roundProjection(987, 500)).toBe(980);
        expect(roundProjection(47.8, 30)).toBe(47);
    });

    it('keeps a third figure where two would fall more than 5% below the projection', () => {
        expect(roundProjection(1_099, 900)).toBe(1_090);
        expect(roundProjection(10_800, 9_000)).toBe(10_800);
    });

    it('never goes below the known total: it keeps more figures instead', () => {
        expect(roundProjection(2_149, 2_140)).toBe(2_140);
        expect(roundProjection(1_040, 1_035)).toBe(1_040);
        expect(roundProjection(1_000, 1_000)).toBe(1_000);
        expect(roundProjection(31, 35)).toBe(35);
    });

    it('never goes above the projection, so never above the cap the projection is held under', () => {
        // The projection clamped to maxRequestsPerCrawl = 1,250 with 1,200 known: rounding up read 1,300.
        expect(roundProjection(1_250, 1_200)).toBe(1_200);
        for (let known = 50; known <= 20_000; known = Math.ceil(known * 1.07)) {
            for (const over of [0, 0.004, 0.02, 0.05, 0.3, 2]) {
                const projected = known * (1 + over);
                const shown = roundProjection(projected, known);
                expect(shown, `${projected} with ${known} known`).toBeLessThanOrEqual(projected);
                expect(shown, `${projected} with ${known} known`).toBeGreaterThanOrEqual(known);
                expect(shown, `${projected} with ${known} known`).toBeGreaterThanOrEqual(projected * 0.95 - 1);
            }
        }
    });
});

describe('the message of a capped crawl', () => {
    it('never says a likely total above maxRequestsPerCrawl', () => {
        // A dense site of 1,040 pages crawled with a cap of 1,050 (a real crawl read "1,005 of at least
        // 1,035 pages done · likely about 1,100"), and one of 1,200 pages under a cap of 1,250.
        for (const [pages, cap] of [
            [1_040, 1_050],
            [1_200, 1_250],
        ] as const) {
            let now = 0;
            const tally = new Tally({
                clock: { now: () => now },
                unit: ['page', 'pages'],
                total: undefined,
                phases: undefined,
                warnings: { overTotal: () => undefined, badTotalFunction: () => undefined },
                projection: true,
            });
            const likely: number[] = [];
            for (const reading of crawlInMemory({ ...dense(pages, 5), cap })) {
                now += 100;
                tally.setCounts({ done: reading.handled });
                tally.setTotal(reading.known, reading.known < cap);
                tally.setDiscovery({ links: reading.discovery, cap });
                tally.observeRate();
                const said = /likely about ([\d,]+)/.exec(formatProgress(tally.snapshot('running', undefined)));
                if (said?.[1]) likely.push(Number(said[1].replaceAll(',', '')));
            }
            expect(likely.length, `${pages} pages`).toBeGreaterThan(100);
            expect(Math.max(...likely), `${pages} pages`).toBeLessThanOrEqual(cap);
        }
    });
});

describe('a projection in the message', () => {
    it('adds "likely about" after the at-least total, which stays, and the time left to reach it', () => {
        const text = formatProgress({ ...growing, projectedTotal: 3_012, projectedSecondsLeft: 346 });
        expect(text).toBe('1,204 of at least 2,100 pages done · likely about 3,000 · 310/min · about 6 min left');
    });

    it('says nothing more when the reporter abstains', () => {
        expect(formatProgress({ ...growing, projectedTotal: null, projectedSecondsLeft: null })).toBe(
            '1,204 of at least 2,100 pages done · 310/min',
        );
        // Snapshots made by hand (or by an older reporter) have no projection fields at all.
        expect(formatProgress(growing)).toBe('1,204 of at least 2,100 pages done · 310/min');
    });

    it('shows no time left without a projection, even when seconds are given', () => {
        expect(formatProgress({ ...growing, projectedTotal: null, projectedSecondsLeft: 346 })).toBe(
            '1,204 of at least 2,100 pages done · 310/min',
        );
    });

    it('leaves a firm total as it was: its own percent and time left', () => {
        const firm = { ...growing, total: 3_000, totalIsEstimate: false, etaMs: 346_000 };
        expect(formatProgress({ ...firm, projectedTotal: null, projectedSecondsLeft: 346 })).toBe(
            '1,204 of 3,000 pages done (40%) · 310/min · about 6 min left',
        );
    });

    it('is never in a terminal or migration message: those say what was done', () => {
        const projected = { ...growing, projectedTotal: 2_987, projectedSecondsLeft: 346 };
        expect(formatProgress({ ...projected, status: 'finished', elapsedMs: 60_000 })).not.toContain('likely');
        expect(formatProgress({ ...projected, status: 'aborted' })).not.toContain('likely');
        expect(formatProgress({ ...projected, status: 'migrating' })).not.toContain('likely');
    });
});
