/** A pure timing rule of the publisher: the slots of progress calls. */
import { describe, expect, it } from 'vitest';
import { nextSlotAt } from '../../src/delivery/call-slots.js';

describe('the slots of progress calls', () => {
    it('the first at once, then one interval after the last one taken', () => {
        expect(nextSlotAt(1_000, undefined, 5_000)).toBe(1_000);
        expect(nextSlotAt(2_000, 1_000, 5_000)).toBe(6_000);
        expect(nextSlotAt(9_000, 1_000, 5_000)).toBe(9_000); // due long ago: at once
    });
});
