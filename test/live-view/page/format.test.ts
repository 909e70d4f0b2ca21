/**
 * The live page's own wording helpers (src/live-view/page/format.js), run in Node: the page and the
 * Console must read alike, so the page floors its percent in whole numbers too.
 */
import { expect, it } from 'vitest';

interface PageFormat {
    percentOf(handled: number, total: number): number;
}

// A path held in a variable: the page's script is plain JavaScript, without type declarations.
const pageFormatPath = '../../../src/live-view/page/format.js';
const { percentOf } = (await import(pageFormatPath)) as PageFormat;

it('floors the percent in whole numbers, as the status message does', () => {
    // Before: 57 / 100 * 100 is 56.99999999999999, so the page showed 56% while 57 of 100 were done.
    expect(percentOf(57, 100)).toBe(57);
    expect(percentOf(29, 100)).toBe(29);
    expect(percentOf(870, 3_000)).toBe(29);
    expect(percentOf(99, 100)).toBe(99);
    expect(percentOf(9_999, 10_000)).toBe(99);
    expect(percentOf(100, 100)).toBe(100);
    expect(percentOf(0, 0)).toBe(100);
});
