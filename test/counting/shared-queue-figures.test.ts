import { describe, expect, it } from 'vitest';
import { parseProgressState } from '../../src/counting/saved-state.js';
import { mergeCrawlReading } from '../../src/counting/shared-queue-figures.js';
import { Tally } from '../../src/counting/tally.js';

function tally(now = { value: 0 }) {
    return new Tally({
        clock: { now: () => now.value },
        unit: ['page', 'pages'],
        total: undefined,
        phases: undefined,
        warnings: { overTotal: () => {}, badTotalFunction: () => {} },
    });
}

describe('the whole crawl of a shared queue', () => {
    it('never goes backwards: a lagging reading keeps the figures shown', () => {
        const first = mergeCrawlReading(undefined, { handled: 120, total: 300, drained: false });
        expect(first).toEqual({ handled: 120, total: 300, totalIsEstimate: true });
        expect(mergeCrawlReading(first, { handled: 110, total: 290, drained: false })).toEqual(first);
        expect(mergeCrawlReading(first, { handled: 150, total: 310, drained: false })).toEqual({
            handled: 150,
            total: 310,
            totalIsEstimate: true,
        });
    });

    it('is firm only when the queue was drained and everything shown is handled', () => {
        expect(mergeCrawlReading(undefined, { handled: 300, total: 300, drained: true }).totalIsEstimate).toBe(false);
        // A total seen earlier that the drained reading does not reach: the figures cannot both be right.
        expect(mergeCrawlReading({ handled: 10, total: 320 }, { handled: 300, total: 300, drained: true })).toEqual({
            handled: 300,
            total: 320,
            totalIsEstimate: true,
        });
    });

    it('is in the snapshot of a worker, which then has no total of its own', () => {
        const worker = tally();
        worker.setCounts({ done: 12, failed: 1 });
        worker.setTotal(40, true); // what a crawler hook would set from Crawlee's local estimate
        expect(worker.snapshot('running', undefined)).not.toHaveProperty('sharedQueue');
        expect(worker.updateSharedQueue({ queueId: 'q1', runs: 3 })).toBe(true);
        expect(worker.snapshot('running', undefined)).toMatchObject({
            done: 12,
            total: undefined,
            sharedQueue: { queueId: 'q1', runs: 3, handled: undefined, total: undefined, totalIsEstimate: true },
        });
        expect(worker.updateSharedQueue({ reading: { handled: 40, total: 90, drained: false } })).toBe(true);
        expect(worker.updateSharedQueue({ reading: { handled: 39, total: 90, drained: false } })).toBe(false);
        expect(worker.snapshot('running', undefined).sharedQueue).toEqual({
            queueId: 'q1',
            runs: 3,
            handled: 40,
            total: 90,
            totalIsEstimate: true,
        });
    });

    it("is stalled only while neither the worker's share nor the whole crawl moves", () => {
        const now = { value: 0 };
        const worker = tally(now);
        worker.setCounts({ done: 12 });
        worker.updateSharedQueue({ queueId: 'q1', reading: { handled: 40, total: 90, drained: false } });
        worker.snapshot('running', undefined);
        // The other workers go on while this one has nothing to do: the crawl moves, nothing is stalled.
        now.value = 50_000;
        worker.updateSharedQueue({ reading: { handled: 60, total: 90, drained: false } });
        now.value = 100_000;
        expect(worker.snapshot('running', undefined).stalledMs).toBeUndefined();
        // Then nothing moves at all (the others wait for a killed worker's locks).
        now.value = 111_000;
        expect(worker.snapshot('running', undefined).stalledMs).toBe(61_000);
    });

    it('is saved for a restart; a restarted worker shows nothing of it before its first reading, and never less after', () => {
        const before = tally();
        before.updateSharedQueue({ queueId: 'q1', reading: { handled: 40, total: 90, drained: false } });
        const saved = parseProgressState(JSON.parse(JSON.stringify(before.exportState())));
        expect(saved?.sharedQueue).toEqual({ handled: 40, total: 90 });

        const after = tally();
        after.updateSharedQueue({ queueId: 'q1', runs: 3 });
        expect(after.importState(saved ?? before.exportState())).toBe(true);
        // The previous start may have shown more after it saved: only a reading says where the crawl is now.
        expect(after.snapshot('running', undefined).sharedQueue).toMatchObject({
            handled: undefined,
            total: undefined,
        });
        expect(after.exportState().sharedQueue).toEqual({ handled: 40, total: 90 });
        // Its first reading lags behind what was saved: the figures hold.
        after.updateSharedQueue({ reading: { handled: 35, total: 85, drained: false } });
        expect(after.snapshot('running', undefined).sharedQueue).toMatchObject({ handled: 40, total: 90 });
        after.updateSharedQueue({ reading: { handled: 50, total: 95, drained: false } });
        expect(after.snapshot('running', undefined).sharedQueue).toMatchObject({ handled: 50, total: 95 });
    });

    it('ignores saved figures that are not counts', () => {
        const state = { version: 1, startedAt: 0, done: 0, failed: 0, completedPhases: [] };
        expect(parseProgressState({ ...state, sharedQueue: { handled: -1, total: 3 } })).not.toHaveProperty(
            'sharedQueue',
        );
        expect(parseProgressState({ ...state, sharedQueue: 'x' })).not.toHaveProperty('sharedQueue');
        expect(tally().exportState()).not.toHaveProperty('sharedQueue');
    });
});
