/**
 * The projection on discovery curves recorded from real crawls of the benchmark's site shapes (a real
 * CheerioCrawler on loopback, `npm run bench -- projection`; turned into fixtures by
 * bench/projection/to-fixtures.ts): every reading replayed through a Tally on a fake clock, as the
 * reporter makes its snapshots.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Replayed, readingAt, replayCurve } from '../../bench/projection/replay.js';
import type { DiscoveryCurve } from '../../bench/projection/to-fixtures.js';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { formatProgress } from '../../src/wording/format.js';

function curve(shape: string): DiscoveryCurve {
    return JSON.parse(readFileSync(new URL(`fixtures/discovery/${shape}.json`, import.meta.url), 'utf8'));
}

/** Replays a recorded crawl with the projection on (`projection: true`), unless told otherwise. */
function replay(recorded: DiscoveryCurve, options: { projection?: boolean } = {}): Replayed[] {
    return replayCurve(recorded, { projection: options.projection ?? true });
}

/** The snapshot of the last reading with at most `share` of the final count handled. */
function at(readings: Replayed[], final: number, share: number): ProgressSnapshot {
    return readingAt(readings, final, share).snapshot;
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

    it('behind-one-link: sees the blog alone until the forum shows, then lets go within a few pages', () => {
        // A blog of 600 pages and a forum of 1,200 that one post links to: until the crawl opens the forum,
        // its links are those of a blog that ends at 600, and so is the projection.
        const recorded = curve('behind-one-link');
        const readings = replay(recorded);
        const blog = at(readings, recorded.final, 0.25);
        expect(blog.projectedTotal).not.toBeNull();
        expect(blog.projectedTotal).toBeLessThanOrEqual(660);
        expect(formatProgress(blog)).toMatch(/ · likely about [\d,]+ · .* · about \d+ s left$/);
        // The forum's pages show (the known total passes the blog and the forum's first page)...
        const showed = readings.findIndex((r) => (r.snapshot.total ?? 0) > 602);
        const withdrawn = readings.findIndex((r, i) => i >= showed && r.snapshot.projectedTotal === null);
        expect(showed).toBeGreaterThan(0);
        // ...and the blog's figure is withdrawn within 5% of the crawl: the message is the at-least total again.
        expect(withdrawn).toBeGreaterThanOrEqual(showed);
        const handledSince = (readings[withdrawn]?.handled ?? 0) - (readings[showed]?.handled ?? 0);
        expect(handledSince).toBeLessThanOrEqual(recorded.final * 0.05);
        expect(formatProgress(readings[withdrawn]?.snapshot ?? blog)).not.toMatch(/likely|left/);
        // What it shows again, once the forum's links have held for a while, is within 15% of the final count.
        const after = readings.slice(withdrawn).filter((r) => r.snapshot.projectedTotal !== null);
        expect(after.length).toBeGreaterThan(0);
        for (const { snapshot } of after) {
            expect(Math.abs((snapshot.projectedTotal ?? 0) / recorded.final - 1)).toBeLessThanOrEqual(0.15);
        }
    });

    it('stays silent with the projection off: the at-least total as before', () => {
        const recorded = curve('dense');
        const readings = replay(recorded, { projection: false });
        expect(readings.every((r) => r.snapshot.projectedTotal === null)).toBe(true);
        expect(readings.every((r) => r.snapshot.projectedSecondsLeft === null)).toBe(true);
        expect(formatProgress(at(readings, recorded.final, 0.5))).not.toContain('likely');
    });
});
