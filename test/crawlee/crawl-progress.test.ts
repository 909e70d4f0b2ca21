import { describe, expect, it } from 'vitest';
import { crawlProgress, sumProgress } from '../../src/crawlee/crawl-progress.js';

const reading = { done: 0, failed: 0, failures: [], retried: 0, pending: 0, cap: undefined, finished: false };

describe('crawlProgress', () => {
    it('takes handled + pending as an estimate while the crawl goes on', () => {
        const failures = [{ reason: 'HTTP 500', count: 2 }];
        expect(crawlProgress({ ...reading, done: 8, failed: 2, failures, retried: 1, pending: 15 })).toEqual({
            done: 8,
            failed: 2,
            failures,
            retried: 1,
            total: 25,
            firm: false,
        });
    });

    it('makes the cap a firm total once the crawl has found that many requests', () => {
        expect(crawlProgress({ ...reading, done: 3, pending: 20, cap: 50 })).toMatchObject({ total: 23, firm: false });
        expect(crawlProgress({ ...reading, done: 3, pending: 60, cap: 50 })).toMatchObject({ total: 50, firm: true });
        // Concurrent handlers can take Crawlee past its own cap: the total never shows less than was handled.
        expect(crawlProgress({ ...reading, done: 52, pending: 1, cap: 50 })).toMatchObject({ total: 52, firm: true });
    });

    it('is what was handled, firm, once run() has ended', () => {
        expect(crawlProgress({ ...reading, done: 40, failed: 2, pending: 7, cap: 100, finished: true })).toMatchObject({
            total: 42,
            firm: true,
        });
    });

    it('keeps the total as it was when run() ended before draining its queue (Ctrl+C, crawler.stop())', () => {
        const interrupted = { ...reading, done: 19, pending: 9, finished: true, interrupted: true };
        expect(crawlProgress(interrupted)).toMatchObject({ done: 19, total: 28, firm: false });
        // The cap still makes it firm.
        expect(crawlProgress({ ...interrupted, pending: 40, cap: 50 })).toMatchObject({ total: 50, firm: true });
    });

    it('still counts what was left queued when run() threw (a browser that cannot launch)', () => {
        const threw = { ...reading, pending: 1, finished: true, cutShort: true };
        expect(crawlProgress(threw)).toMatchObject({ done: 0, total: 1, firm: true });
        expect(crawlProgress({ ...threw, done: 3, failed: 1, pending: 6 })).toMatchObject({ total: 10, firm: true });
    });
});

describe('sumProgress', () => {
    it('adds counts, totals and failure reasons, firm only when every part is', () => {
        const a = { done: 1, failed: 1, failures: [{ reason: 'timeout', count: 1 }], retried: 0, total: 5, firm: true };
        const b = {
            done: 2,
            failed: 3,
            failures: [
                { reason: 'HTTP 500', count: 2 },
                { reason: 'timeout', count: 1 },
            ],
            retried: 3,
            total: 9,
            firm: false,
        };
        expect(sumProgress([a, b])).toEqual({
            done: 3,
            failed: 4,
            failures: [
                { reason: 'HTTP 500', count: 2 },
                { reason: 'timeout', count: 2 },
            ],
            retried: 3,
            total: 14,
            firm: false,
        });
        expect(sumProgress([a, a])).toMatchObject({
            total: 10,
            firm: true,
            failures: [{ reason: 'timeout', count: 2 }],
        });
    });
});
