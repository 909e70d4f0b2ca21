import { describe, expect, it } from 'vitest';
import { LinkSample } from '../../src/counting/link-sample.js';

describe('LinkSample', () => {
    it('counts links to new and to known pages, and how often each page was named', () => {
        const sample = new LinkSample();
        sample.add('https://shop.example/', false);
        sample.add('https://shop.example/a', false);
        sample.add('https://shop.example/a', true);
        sample.add('https://shop.example/b', false);
        sample.add('https://shop.example/b', true);
        sample.add('https://shop.example/b', true);
        expect(sample.read()).toEqual({ newLinks: 3, knownLinks: 3, sampled: 3, namedTimes: [1, 1, 1, 0] });
    });

    it('follows a page from once to four times and beyond', () => {
        const sample = new LinkSample();
        const named: (readonly number[])[] = [];
        for (let i = 0; i < 5; i++) {
            sample.add('https://shop.example/home', i > 0);
            named.push(sample.read().namedTimes);
        }
        expect(named).toEqual([
            [1, 0, 0, 0],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1],
            [0, 0, 0, 0],
        ]);
        expect(sample.read().sampled).toBe(1);
    });

    it('keeps a bounded sample however many pages a crawl names, with frequencies that still add up', () => {
        const sample = new LinkSample();
        for (let i = 0; i < 50_000; i++) {
            sample.add(`https://shop.example/item/${i}`, false);
            // Every tenth page is named again and every hundredth a third time, so all buckets are used.
            if (i % 10 === 0) sample.add(`https://shop.example/item/${i}`, true);
            if (i % 100 === 0) sample.add(`https://shop.example/item/${i}`, true);
        }
        const { newLinks, knownLinks, sampled, namedTimes } = sample.read();
        expect(newLinks).toBe(50_000);
        expect(knownLinks).toBe(5_000 + 500);
        // The sample is at most 2,048 pages: halved whenever it outgrows that, so at least half of it stays.
        expect(sampled).toBeLessThanOrEqual(2_048);
        expect(sampled).toBeGreaterThan(500);
        const [once, twice, thrice, four] = namedTimes;
        expect(once + twice + thrice + four).toBe(sampled);
        // A random sample keeps the shares: about 9% named twice, 1% three times.
        expect(twice / sampled).toBeGreaterThan(0.06);
        expect(twice / sampled).toBeLessThan(0.12);
        expect(thrice / sampled).toBeLessThan(0.03);
        expect(four).toBe(0);
    });

    it('samples a page or not whatever the order it is seen in', () => {
        const keys = Array.from({ length: 10_000 }, (_, i) => `https://shop.example/p/${i}`);
        const forward = new LinkSample();
        const backward = new LinkSample();
        for (const key of keys) forward.add(key, false);
        for (const key of [...keys].reverse()) backward.add(key, false);
        expect(backward.read()).toEqual(forward.read());
    });
});
