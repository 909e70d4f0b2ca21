import { describe, expect, it } from 'vitest';
import {
    FailureCounts,
    MAX_FAILURE_GROUPS,
    mergeFailures,
    reconcileFailures,
} from '../../src/counting/failure-counts.js';

const sum = (list: { count: number }[]) => list.reduce((total, entry) => total + entry.count, 0);

describe('FailureCounts', () => {
    it('counts by reason, most common first, ties in name order', () => {
        const counts = new FailureCounts();
        counts.add('timeout', 1);
        counts.add('HTTP 500', 2);
        counts.add('blocked: HTTP 403', 1);
        counts.add('timeout', 1);
        expect(counts.list()).toEqual([
            { reason: 'HTTP 500', count: 2 },
            { reason: 'timeout', count: 2 },
            { reason: 'blocked: HTTP 403', count: 1 },
        ]);
    });

    it('keeps a few dozen groups and an "other" for a million distinct reasons, adding up exactly', () => {
        const counts = new FailureCounts();
        for (let i = 0; i < 50; i++) counts.add('HTTP 500', 1); // a reason that really matters
        for (let i = 0; i < 1_000_000; i++) counts.add(`free text #${i}`, 1);
        for (let i = 0; i < 20; i++) counts.add('timeout', 1); // arrives late, still gets a place
        const list = counts.list();
        expect(list.length).toBeLessThanOrEqual(MAX_FAILURE_GROUPS + 1);
        expect(sum(list)).toBe(1_000_070);
        expect(list[0]).toEqual({ reason: 'other', count: expect.any(Number) });
        expect(list).toContainEqual({ reason: 'HTTP 500', count: 50 });
        expect(list).toContainEqual({ reason: 'timeout', count: 20 });
    });

    it('lets a common reason keep its place against newer ones', () => {
        const counts = new FailureCounts(2);
        counts.add('HTTP 500', 5);
        counts.add('timeout', 3);
        counts.add('HTTP 404', 1); // no room: the least common group (3) is larger
        expect(counts.list()).toEqual([
            { reason: 'HTTP 500', count: 5 },
            { reason: 'timeout', count: 3 },
            { reason: 'other', count: 1 },
        ]);
    });
});

describe('mergeFailures and reconcileFailures', () => {
    it('merges lists by reason', () => {
        expect(
            mergeFailures([
                [{ reason: 'HTTP 500', count: 2 }],
                [
                    { reason: 'timeout', count: 3 },
                    { reason: 'HTTP 500', count: 2 },
                ],
            ]),
        ).toEqual([
            { reason: 'HTTP 500', count: 4 },
            { reason: 'timeout', count: 3 },
        ]);
    });

    it('counts failures without a reason as "unknown", so the reasons add up to the failed count', () => {
        expect(reconcileFailures([{ reason: 'HTTP 500', count: 2 }], 5)).toEqual([
            { reason: 'unknown', count: 3 },
            { reason: 'HTTP 500', count: 2 },
        ]);
        expect(reconcileFailures([], 0)).toEqual([]);
    });

    it('takes reasons beyond the failed count back from "unknown", then "other", then the least common', () => {
        const list = [
            { reason: 'HTTP 500', count: 5 },
            { reason: 'timeout', count: 2 },
            { reason: 'other', count: 1 },
            { reason: 'unknown', count: 1 },
        ];
        expect(reconcileFailures(list, 7)).toEqual([
            { reason: 'HTTP 500', count: 5 },
            { reason: 'timeout', count: 2 },
        ]);
        expect(reconcileFailures(list, 6)).toEqual([
            { reason: 'HTTP 500', count: 5 },
            { reason: 'timeout', count: 1 },
        ]);
    });
});
