import { describe, expect, it } from 'vitest';
import { parseProgressState } from '../../src/counting/saved-state.js';

describe('saved progress', () => {
    const valid = {
        version: 1,
        startedAt: 1_000,
        done: 4,
        failed: 1,
        retried: 2,
        total: 10,
        totalIsEstimate: false,
        phase: 'Scraping',
        completedPhases: [{ name: 'Listing', done: 2, failed: 0, total: 2, unit: ['category', 'categories'] }],
        items: 12,
        failures: [{ reason: 'HTTP 500', count: 1 }],
    };

    it('reads back what was saved', () => {
        expect(parseProgressState(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
    });

    it('reads a state saved before items and failure reasons were saved as having none', () => {
        const { items: _, failures: __, ...older } = valid;
        expect(parseProgressState(older)).toEqual({ ...older, items: 0, failures: [] });
    });

    it("reads back the crawlers' earlier runs, and drops them (only them) when they are not three counts", () => {
        const earlierRuns = { done: 10, failed: 1, retried: 0 };
        expect(parseProgressState({ ...valid, earlierRuns })).toEqual({ ...valid, earlierRuns });
        expect(parseProgressState({ ...valid, earlierRuns: { done: 10, failed: -1, retried: 0 } })).toEqual(valid);
        expect(parseProgressState({ ...valid, earlierRuns: '10' })).toEqual(valid);
    });

    it('rejects anything else: another version, negative counts, a broken step, not an object', () => {
        expect(parseProgressState({ ...valid, version: 2 })).toBeUndefined();
        expect(parseProgressState({ ...valid, done: -1 })).toBeUndefined();
        expect(parseProgressState({ ...valid, completedPhases: [{ name: 'x' }] })).toBeUndefined();
        expect(parseProgressState('4 of 10')).toBeUndefined();
        expect(parseProgressState(null)).toBeUndefined();
    });
});
