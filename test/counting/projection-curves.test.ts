/**
 * The projection on discovery curves recorded from real crawls of the benchmark's site shapes (a real
 * CheerioCrawler on loopback, `npm run bench -- projection`; turned into fixtures by
 * bench/projection/to-fixtures.ts): every reading replayed through a Tally on a fake clock, as the
 * reporter makes its snapshots.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DiscoveryCurve } from '../../bench/projection/to-fixtures.js';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { Tally } from '../../src/counting/tally.js';
import { formatProgress } from '../../src/wording/format.js';

function curve(shape: string): DiscoveryCurve {
    return JSON.parse(readFileSync(new URL(`fixtures/discovery/${shape}.json`, import.meta.url), 'utf8'));
}

interface Replayed {
    handled: number;
    snapshot: ProgressSnapshot;
}

/** Replays a recorded crawl: clock, counts, total and links as the reporter saw them at each reading. */
function replay({ rows, cap }: DiscoveryCurve, options: { projection?: boolean } = {}): Replayed[] {
    let now = 0;
    const tally = new Tally({
        clock: { now: () => now },
        unit: ['page', 'pages'],
        total: undefined,
        phases: undefined,
        warnings: { overTotal: () => undefined, badTotalFunction: () => undefined },
        ...options,
    });
    return rows.map(
        ([t = 0, handled = 0, total = 0, estimate = 1, , newLinks = 0, knownLinks = 0, sampled = 0, ...f]) => {
            now = t;
            tally.setCounts({ done: handled });
            tally.setTotal(total, estimate === 1);
            const namedTimes = [f[0] ?? 0, f[1] ?? 0, f[2] ?? 0, f[3] ?? 0] as const;
            tally.setDiscovery({ links: { newLinks, knownLinks, sampled, namedTimes }, cap: cap ?? undefined });
            tally.observeRate();
            return { handled, snapshot: tally.snapshot('running', undefined) };
        },
    );
}

/** The last reading with at most `share` of the final count handled. */
function at(readings: Replayed[], final: number, share: number): ProgressSnapshot {
    const reading = readings.filter((r) => r.handled <= final * share).at(-1);
    if (!reading) throw new Error(`no reading at ${share}`);
    return reading.snapshot;
}

const projecting = ['dense', 'web-like', 'shop'];
const abstaining = ['tree-falling', 'pagination', 'query-duplicates'];

describe('the projection on recorded crawls', () => {
    it.each(projecting)(
        '%s: projects within 15%% of the final count at a quarter and at half of the crawl',
        (shape) => {
            const recorded = curve(shape);
            const readings = replay(recorded);
            for (const share of [0.25, 0.5]) {
                const { projectedTotal } = at(readings, recorded.final, share);
                expect(projectedTotal, `at ${share}`).not.toBeNull();
                expect(Math.abs((projectedTotal ?? 0) / recorded.final - 1), `at ${share}`).toBeLessThanOrEqual(0.15);
            }
        },
    );

    it.each(abstaining)('%s: abstains, since nothing in its links shows where it ends', (shape) => {
        const readings = replay(curve(shape));
        expect(readings.filter((r) => r.snapshot.projectedTotal !== null)).toEqual([]);
        expect(readings.some((r) => formatProgress(r.snapshot).includes('likely'))).toBe(false);
    });

    it.each([...projecting, ...abstaining])(
        '%s: never below the known total, and never off by half once a fifth is done',
        (shape) => {
            const recorded = curve(shape);
            for (const { handled, snapshot } of replay(recorded)) {
                const { projectedTotal, total } = snapshot;
                if (projectedTotal === null || projectedTotal === undefined) continue;
                expect(projectedTotal).toBeGreaterThanOrEqual(total ?? 0);
                if (handled >= recorded.final / 5) {
                    expect(Math.abs(projectedTotal / recorded.final - 1)).toBeLessThanOrEqual(0.5);
                }
            }
        },
    );

    it('gives the time left at the current rate, and the message says both, the at-least total kept', () => {
        const recorded = curve('dense');
        const snapshot = at(replay(recorded), recorded.final, 0.5);
        const { projectedTotal, projectedSecondsLeft, ratePerMinute, done, total } = snapshot;
        expect(ratePerMinute).toBeDefined();
        const expected = (((projectedTotal ?? 0) - done) / (ratePerMinute ?? 1)) * 60;
        expect(projectedSecondsLeft).toBeCloseTo(expected, -1);
        const message = formatProgress(snapshot);
        expect(message).toMatch(new RegExp(`^${done} of at least ${total} pages done · likely about [\\d,]+ · `));
        expect(message).toMatch(/ · about \d+ (s|min) left$/);
    });

    it('stays silent with the projection off: the at-least total as before', () => {
        const recorded = curve('dense');
        const readings = replay(recorded, { projection: false });
        expect(readings.every((r) => r.snapshot.projectedTotal === null)).toBe(true);
        expect(readings.every((r) => r.snapshot.projectedSecondsLeft === null)).toBe(true);
        expect(formatProgress(at(readings, recorded.final, 0.5))).not.toContain('likely');
    });
});
