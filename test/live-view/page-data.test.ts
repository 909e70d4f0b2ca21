/** The page's own data code, run in Node: the chart's columns, the timeline it keeps, its rounding. */
import { describe, expect, it } from 'vitest';
import { pageState } from './stream-documents.js';

type Point = [number, number, number, number | null, number | null, number | null];
interface ChartData {
    columns: (number | null)[][];
    steps: { x: number; step: number }[];
    latest: number | null;
}
// Paths in variables: the compiler leaves the page's JavaScript alone.
const CHART_DATA = '../../src/live-view/page/chart-data.js';
const FORMAT = '../../src/live-view/page/format.js';
const { chartData } = (await import(CHART_DATA)) as {
    chartData(
        points: Point[],
        startedAt: number,
        projection?: { total: number; secondsLeft: number | null },
    ): ChartData;
};
const { roughly } = (await import(FORMAT)) as { roughly(n: number, floor: number): number };

const START = 1_800_000_000_000;
const at = (seconds: number) => START + seconds * 1000;

/** The done column cut where it is null: one run of values per line drawn. */
function lines(column: (number | null)[]): number[][] {
    const runs: number[][] = [[]];
    for (const value of column) {
        if (value === null) runs.push([]);
        else runs.at(-1)?.push(value);
    }
    return runs.filter((run) => run.length > 0);
}

describe("the page's chart data", () => {
    it('draws each step apart, so that the done line never drops at a step change', () => {
        const points: Point[] = [
            [at(0), 0, 0, 40, null, 1],
            [at(10), 20, 1, 40, 120, 1],
            [at(20), 38, 2, 40, 114, 1],
            [at(30), 5, 0, 120, 30, 2],
            [at(40), 45, 0, 120, 240, 2],
        ];
        const { columns, steps } = chartData(points, START);
        expect(lines(columns[1] ?? [])).toEqual([
            [0, 20, 38],
            [5, 45],
        ]);
        expect(lines(columns[3] ?? [])).toEqual([
            [40, 40, 40],
            [120, 120],
        ]);
        expect(steps).toEqual([
            { x: 0, step: 1 },
            { x: 30, step: 2 },
        ]);
        for (const line of lines(columns[1] ?? [])) expect(line).toEqual([...line].sort((a, b) => a - b));
    });

    it('draws the projection from the last point to the likely total, within a third of the time so far', () => {
        const points: Point[] = [
            [at(0), 0, 0, 1000, null, null],
            [at(600), 600, 0, 1000, 60, null],
        ];
        const near = chartData(points, START, { total: 1200, secondsLeft: 120 });
        expect(near.columns[0]?.at(-1)).toBe(720);
        expect(near.columns[5]).toEqual([null, 600, 1200]);
        expect(near.latest).toBe(1);
        // 6,000 s left after 600 s: cut at 200 s, at the value on the way there.
        const far = chartData(points, START, { total: 6600, secondsLeft: 6000 });
        expect(far.columns[0]?.at(-1)).toBe(800);
        expect(far.columns[5]?.at(-1)).toBe(800);
        // No time left known: a level line at the likely total.
        const level = chartData(points, START, { total: 1500, secondsLeft: null });
        expect(level.columns[5]).toEqual([1500, 1500]);
    });
});

describe('what the page keeps and how it words a guess', () => {
    it('keeps the messages that mark something and the latest, as the server does', () => {
        const entry = (n: number, kind: string) => ({ n, at: n, text: `m${n}`, terminal: false, kind });
        const kept = pageState.mergeTimeline(
            [entry(1, 'start'), entry(5, 'progress')],
            [entry(6, 'progress'), entry(7, 'stall'), entry(8, 'progress')],
        );
        expect(kept.map((e) => e.n)).toEqual([1, 7, 8]);
        const many = Array.from({ length: 60 }, (_, i) => entry(i + 1, 'failures'));
        expect(pageState.mergeTimeline([], many).map((e) => e.n)).toEqual(Array.from({ length: 41 }, (_, i) => i + 20));
    });

    it('rounds a projection to two significant digits, never below the total known', () => {
        expect(roughly(3_047, 0)).toBe(3_000);
        expect(roughly(2_460_000, 2_012_345)).toBe(2_500_000);
        expect(roughly(3_047, 3_020)).toBe(3_100);
        expect(roughly(87, 0)).toBe(87);
    });
});
