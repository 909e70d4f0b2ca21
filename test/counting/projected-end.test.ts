import { describe, expect, it } from 'vitest';
import { dense } from '../../bench/projection/shapes.js';
import { ProjectedEnd } from '../../src/counting/projected-end.js';
import { crawlInMemory } from '../helpers/discovery.js';

const running = { status: 'running' as const, etaMs: undefined, ratePerMinute: 600 };

/** A ProjectedEnd fed a simulated crawl of a dense site up to `upTo` pages: the figures it gives then. */
function fedUpTo(end: ProjectedEnd, upTo: number) {
    let fields = end.fields({ ...running, handled: 0, total: 1, totalIsEstimate: true });
    for (const reading of crawlInMemory(dense(1_000, 5)).slice(0, upTo)) {
        end.setDiscovery({ links: reading.discovery, cap: undefined });
        fields = end.fields({ ...running, handled: reading.handled, total: reading.known, totalIsEstimate: true });
    }
    return fields;
}

describe('ProjectedEnd', () => {
    it('with a firm total: no projection, the forecast as whole seconds', () => {
        const end = new ProjectedEnd(true);
        expect(end.fields({ ...running, handled: 40, total: 100, totalIsEstimate: false, etaMs: 6_400 })).toEqual({
            projectedTotal: null,
            projectedSecondsLeft: 6,
        });
        // No forecast (a stall, too early for a rate): no time left either.
        expect(end.fields({ ...running, handled: 40, total: 100, totalIsEstimate: false })).toEqual({
            projectedTotal: null,
            projectedSecondsLeft: null,
        });
    });

    it('with a growing total: the projection and the time left to it at the current rate', () => {
        const { projectedTotal, projectedSecondsLeft } = fedUpTo(new ProjectedEnd(true), 400);
        expect(projectedTotal).not.toBeNull();
        // 600 a minute: ten a second.
        expect(projectedSecondsLeft).toBe(Math.round(((projectedTotal ?? 0) - 400) / 10));
    });

    it('abstains without links to go on, with the projection off, and once the run has ended', () => {
        const growing = { ...running, handled: 400, total: 900, totalIsEstimate: true };
        expect(new ProjectedEnd(true).fields(growing)).toEqual({ projectedTotal: null, projectedSecondsLeft: null });
        expect(fedUpTo(new ProjectedEnd(false), 400)).toEqual({ projectedTotal: null, projectedSecondsLeft: null });
        const end = new ProjectedEnd(true);
        fedUpTo(end, 400);
        expect(end.fields({ ...growing, status: 'finished' })).toEqual({
            projectedTotal: null,
            projectedSecondsLeft: null,
        });
    });

    it('forgets the old crawl on reset(): a new step has links of its own', () => {
        const end = new ProjectedEnd(true);
        fedUpTo(end, 400);
        end.reset();
        expect(end.fields({ ...running, handled: 401, total: 950, totalIsEstimate: true })).toEqual({
            projectedTotal: null,
            projectedSecondsLeft: null,
        });
    });
});
