import { describe, expect, it } from 'vitest';
import { encodeHistory, type HistoryPoint, ProgressHistory } from '../../src/live-view/history.js';
import { decodeHistory } from './stream-documents.js';

const START = 1_800_000_000_000;
const point = (secondsIn: number, done = secondsIn): HistoryPoint => [
    START + secondsIn * 1000,
    done,
    0,
    null,
    10,
    null,
];

describe('the history of a run, for the chart', () => {
    it('keeps one point a second at the start', () => {
        const history = new ProgressHistory({ capacity: 600, stepMs: 1000 });
        for (let s = 0; s < 10; s++) history.add(point(s));
        expect(history.points().map((p) => p[1])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('skips points that come sooner than a step after the last one kept', () => {
        const history = new ProgressHistory({ capacity: 600, stepMs: 1000 });
        for (const s of [0, 0.3, 0.9, 1, 1.5, 2.2]) history.add(point(s, s * 10));
        expect(history.points().map((p) => p[1])).toEqual([0, 10, 22]);
    });

    it('stays within its capacity over a 24-hour run sampled every second, covering all of it evenly', () => {
        const history = new ProgressHistory({ capacity: 600, stepMs: 1000 });
        const day = 24 * 60 * 60;
        let most = 0;
        for (let s = 0; s <= day; s++) {
            history.add(point(s));
            most = Math.max(most, history.points().length);
        }
        expect(most).toBeLessThan(600);
        const points = history.points();
        // From the start of the run to within two steps of its end.
        expect(points[0]?.[1]).toBe(0);
        expect(day - (points.at(-1)?.[1] ?? 0)).toBeLessThanOrEqual((2 * history.stepMs) / 1000);
        // Evenly spaced: every gap is the current step.
        const gaps = new Set(points.slice(1).map((p, i) => p[0] - (points[i]?.[0] ?? 0)));
        expect([...gaps]).toEqual([history.stepMs]);
        expect(points.length).toBeGreaterThan(300);
        expect(history.stepMs).toBe(256_000);
    });

    it('refuses a capacity that cannot hold a line', () => {
        expect(() => new ProgressHistory({ capacity: 1, stepMs: 1000 })).toThrow(RangeError);
    });

    it('goes to a page as differences to the second, and comes back as the points to the second', () => {
        const points: HistoryPoint[] = [
            [START + 400, 0, 0, null, null, null],
            [START + 1_400, 5, 1, 1_000, 330, null],
            [START + 2_900, 12, 1, 1_200, 331.5, 1],
            [START + 4_000, 3, 0, 40, 12.5, 2],
        ];
        const encoded = encodeHistory(points, START);
        expect(encoded.rows).toEqual([
            [0, 0, 0, null, null],
            [1, 5, 1, 1_000, 330],
            [2, 7, 0, 1_200, 331.5, 1],
            [1, -9, -1, 40, 12.5, 2],
        ]);
        expect(decodeHistory(encoded)).toEqual(
            points.map(([at, ...rest]) => [START + Math.round((at - START) / 1000) * 1000, ...rest]),
        );
    });
});
