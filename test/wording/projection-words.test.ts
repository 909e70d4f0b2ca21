import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../src/wording/format.js';
import { roundProjection } from '../../src/wording/projection-words.js';
import { snapshotOf } from '../helpers/snapshot.js';

/** A crawl still finding pages: 1,204 done, at least 2,100 found. */
const growing = snapshotOf({ done: 1_204, total: 2_100, totalIsEstimate: true, ratePerMinute: 310 });

describe('roundProjection', () => {
    it('rounds to two significant figures, as an estimate reads', () => {
        expect(roundProjection(2_987, 2_100)).toBe(3_000);
        expect(roundProjection(1_234, 1_000)).toBe(1_200);
        expect(roundProjection(12_345, 9_000)).toBe(12_000);
        expect(roundProjection(987, 500)).toBe(990);
        expect(roundProjection(47.2, 30)).toBe(48);
    });

    it('never goes below the known total: it rounds up instead', () => {
        expect(roundProjection(2_149, 2_140)).toBe(2_200);
        expect(roundProjection(1_000, 1_000)).toBe(1_000);
        expect(roundProjection(31, 35)).toBe(35);
    });
});

describe('a projection in the message', () => {
    it('adds "likely about" after the at-least total, which stays, and the time left to reach it', () => {
        const text = formatProgress({ ...growing, projectedTotal: 2_987, projectedSecondsLeft: 346 });
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
