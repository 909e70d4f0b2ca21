import { describe, expect, it } from 'vitest';
import { nextStallStepInMs, STALL_AFTER_MS, stallStepMs } from '../../src/counting/stall.js';

const MIN = 60_000;

describe('stall steps', () => {
    it('say nothing for the first minute, then name coarse steps', () => {
        expect(stallStepMs(0)).toBeUndefined();
        expect(stallStepMs(STALL_AFTER_MS - 1)).toBeUndefined();
        expect(stallStepMs(1 * MIN)).toBe(1 * MIN);
        expect(stallStepMs(1.9 * MIN)).toBe(1 * MIN);
        expect(stallStepMs(2 * MIN)).toBe(2 * MIN);
        expect(stallStepMs(4.9 * MIN)).toBe(2 * MIN);
        expect(stallStepMs(7 * MIN)).toBe(5 * MIN);
        expect(stallStepMs(59 * MIN)).toBe(30 * MIN);
        expect(stallStepMs(60 * MIN)).toBe(60 * MIN);
        expect(stallStepMs(150 * MIN)).toBe(120 * MIN);
    });

    it('tell when the wording changes next', () => {
        expect(nextStallStepInMs(0)).toBe(1 * MIN);
        expect(nextStallStepInMs(45_000)).toBe(15_000);
        expect(nextStallStepInMs(1 * MIN)).toBe(1 * MIN);
        expect(nextStallStepInMs(3 * MIN)).toBe(2 * MIN);
        expect(nextStallStepInMs(30 * MIN)).toBe(30 * MIN);
        expect(nextStallStepInMs(61 * MIN)).toBe(59 * MIN);
    });

    it('change at most 8 times in the first two hours of a stall', () => {
        let changes = 0;
        for (let t = 0; t <= 120 * MIN; t += nextStallStepInMs(t)) changes++;
        expect(changes).toBe(1 + 8); // the start, then 1, 2, 5, 10, 20, 30 min, 1 h, 2 h
    });
});
