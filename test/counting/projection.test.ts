import { describe, expect, it } from 'vitest';
import { dense, pagination, projectionCorpus } from '../../bench/projection/shapes.js';
import { Projection } from '../../src/counting/projection.js';
import { crawlInMemory } from '../helpers/discovery.js';

/** Replays a simulated crawl through a projection, reading it every `every` pages; the verdicts by page. */
function replay(readings: ReturnType<typeof crawlInMemory>, every = 5, cap?: number) {
    const projection = new Projection();
    return readings
        .filter((_, i) => i % every === every - 1)
        .map((reading) => ({
            ...reading,
            verdict: projection.observe({
                handled: reading.handled,
                known: reading.known,
                discovery: reading.discovery,
                cap,
            }),
        }));
}

describe('Projection', () => {
    it('projects a site whose pages link across it: within 10% from a quarter of the crawl on', () => {
        const readings = crawlInMemory(dense(1_000, 5));
        const final = readings.length;
        // Read after every page (a busy live view) or every fifth: the history it keeps is thinned either way.
        for (const every of [1, 5]) {
            const verdicts = replay(readings, every).filter((r) => r.handled >= final / 4);
            const shown = verdicts.filter((r) => r.verdict.projected !== undefined);
            // Shown nearly all along (it may stop at the very end, when nothing new is found any more).
            expect(shown.length, `read every ${every}`).toBeGreaterThan(verdicts.length * 0.9);
            for (const { verdict } of shown) expect(Math.abs((verdict.projected ?? 0) / final - 1)).toBeLessThan(0.1);
        }
    });

    it('abstains where nothing in the links shows the end: trees and a long listing', () => {
        const corpus = projectionCorpus();
        const shapes = ['tree-3', 'tree-5', 'tree-falling'].map((name) => corpus.find((s) => s.name === name));
        for (const shape of [...shapes, pagination(60, 15)]) {
            if (!shape) throw new Error('shape missing from the corpus');
            const verdicts = replay(crawlInMemory(shape), 3);
            expect(
                verdicts.filter((r) => r.verdict.projected !== undefined),
                shape.name,
            ).toEqual([]);
        }
    });

    it('is never below the known total nor above the cap', () => {
        for (const cap of [950, 800]) {
            // Crawlee adds nothing past its cap, and once as many are found the total is firm: no projection then.
            const readings = crawlInMemory({ ...dense(1_000, 5), cap }).filter((r) => r.known < cap);
            const shown = replay(readings, 5, cap).filter((r) => r.verdict.projected !== undefined);
            expect(shown.length).toBeGreaterThan(0);
            for (const { known, verdict } of shown) {
                expect(verdict.projected).toBeGreaterThanOrEqual(known);
                expect(verdict.projected).toBeLessThanOrEqual(cap);
            }
        }
        // A site far larger than the cap: the projection is the cap.
        const readings = crawlInMemory({ ...dense(1_000, 5), cap: 600 }).filter((r) => r.known < 600);
        const shown = replay(readings, 5, 600).filter((r) => r.verdict.projected !== undefined);
        expect(shown.every((r) => r.verdict.projected === 600)).toBe(true);
    });

    it('abstains while the two signals disagree, and until they have held for a while', () => {
        const projection = new Projection();
        const observe = (handled: number, knownLinks: number, namedTimes: [number, number, number, number]) =>
            projection.observe({
                handled,
                known: 1_000,
                discovery: { newLinks: 1_000, knownLinks, sampled: 1_000, namedTimes },
                cap: undefined,
            }).projected;
        // Frequencies say about 1,500 pages (f1 = 500, f2 = 250); a half of the links naming known pages says 2,000.
        const seen: (number | undefined)[] = [];
        for (let handled = 100; handled <= 200; handled += 10) {
            seen.push(observe(handled, (handled - 100) * 10 + 1_000 + (handled - 100) * 10, [500, 250, 0, 0]));
        }
        expect(seen.every((projected) => projected === undefined)).toBe(true);
    });

    it('starts over after reset(): nothing shown until the signals have held again', () => {
        const readings = crawlInMemory(dense(1_000, 5));
        const projection = new Projection();
        const observe = (i: number) => {
            const reading = readings[i];
            if (!reading) throw new Error(`no reading ${i}`);
            return projection.observe({ ...reading, cap: undefined }).projected;
        };
        let i = 4;
        while (observe(i) === undefined) i += 5;
        expect(i).toBeLessThan(300);
        projection.reset();
        expect(observe(i + 5)).toBeUndefined();
    });
});
