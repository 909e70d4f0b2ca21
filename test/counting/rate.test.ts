import { describe, expect, it } from 'vitest';
import { estimateTimeLeft, RateMeter } from '../../src/counting/rate.js';

describe('RateMeter', () => {
    it('has no rate in the first seconds, when it would be start-up noise', () => {
        const meter = new RateMeter(0);
        meter.observe(10, 1_000);
        expect(meter.perMinute(10, 4_999)).toBeUndefined();
        expect(meter.perMinute(50, 5_000)).toBe(600);
    });

    it('follows a steady rate exactly', () => {
        const meter = new RateMeter(0);
        for (let t = 5_000; t <= 120_000; t += 5_000) meter.observe(t / 100, t); // 10 per second
        expect(meter.perMinute(1_200, 120_000)).toBeCloseTo(600, 6);
    });

    it('moves toward a new rate within a few half-lives, without jumping', () => {
        const meter = new RateMeter(0);
        let count = 0;
        let t = 0;
        for (; t < 60_000; t += 5_000) {
            count += 50; // 600/min
            meter.observe(count, t + 5_000);
        }
        const before = meter.perMinute(count, t) ?? 0;
        for (let i = 0; i < 2; i++) {
            t += 5_000;
            count += 5; // slowed down to 60/min
            meter.observe(count, t);
        }
        const shortlyAfter = meter.perMinute(count, t) ?? 0;
        for (let i = 0; i < 30; i++) {
            t += 5_000;
            count += 5;
            meter.observe(count, t);
        }
        const later = meter.perMinute(count, t) ?? 0;
        expect(before).toBeCloseTo(600, 0);
        expect(shortlyAfter).toBeLessThan(600);
        expect(shortlyAfter).toBeGreaterThan(300);
        expect(later).toBeCloseTo(60, 0);
    });

    it('merges observations closer than a second', () => {
        const meter = new RateMeter(0);
        meter.observe(100, 10_000);
        meter.observe(1_000, 10_500); // a burst half a second later is not a rate of 108,000/min
        expect(meter.perMinute(1_000, 10_500)).toBe(600);
    });

    it('starts over from restored counts', () => {
        const meter = new RateMeter(0);
        meter.observe(500, 10_000);
        meter.reset(20_000, 500);
        expect(meter.perMinute(500, 21_000)).toBeUndefined();
        expect(meter.perMinute(550, 25_000)).toBe(600);
    });
});

describe('estimateTimeLeft', () => {
    it('divides what is left by the rate', () => {
        expect(estimateTimeLeft(600, 600)).toBe(60_000);
        expect(estimateTimeLeft(10, undefined)).toBeUndefined();
        expect(estimateTimeLeft(10, 0)).toBeUndefined();
    });
});
