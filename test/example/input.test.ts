import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS, InputError, readInput } from '../../examples/crawler-actor/input.js';

const startUrls = [{ url: 'https://example.com/' }];

describe('the example Actor input', () => {
    it('fills in the defaults', () => {
        expect(readInput({ startUrls })).toEqual({ startUrls, ...INPUT_DEFAULTS });
    });

    it('keeps valid values', () => {
        const input = { startUrls, maxRequestsPerCrawl: 20, maxConcurrency: 3, statusIntervalSecs: 1, liveView: false };
        expect(readInput(input)).toEqual(input);
    });

    it('takes the fields for several runs: a shared queue and how many runs share it, or workers to start', () => {
        expect(readInput({ startUrls, sharedQueue: 'crawl-7', runs: 3 })).toEqual({
            startUrls,
            ...INPUT_DEFAULTS,
            sharedQueue: 'crawl-7',
            runs: 3,
        });
        expect(readInput({ startUrls, sharedQueue: 'local-user~crawl', workers: 4 })).toMatchObject({
            sharedQueue: 'local-user~crawl',
            workers: 4,
        });
        expect(readInput({ startUrls, sharedQueue: '', runs: null })).toEqual({ startUrls, ...INPUT_DEFAULTS });
    });

    it.each([
        [null, /Input is missing/],
        [[1, 2], /Input must be a JSON object/],
        [{}, /Input field `startUrls` must be a non-empty list/],
        [{ startUrls: [] }, /`startUrls` must be a non-empty list/],
        [{ startUrls: ['https://example.com'] }, /`startUrls` item 1 must have an http\(s\) "url"/],
        [{ startUrls: [...startUrls, { url: 'ftp://example.com' }] }, /`startUrls` item 2/],
        [{ startUrls: [{ url: 'not a url' }] }, /`startUrls` item 1/],
        [
            { startUrls, maxRequestsPerCrawl: 0 },
            /`maxRequestsPerCrawl` must be a whole number from 1 to 1000000, got 0/,
        ],
        [{ startUrls, maxConcurrency: 2.5 }, /`maxConcurrency` must be a whole number from 1 to 200, got 2.5/],
        [{ startUrls, statusIntervalSecs: '5' }, /`statusIntervalSecs` must be a whole number from 1 to 600, got "5"/],
        [{ startUrls, sharedQueue: 'my queue' }, /`sharedQueue` must be the name or id of a request queue/],
        [{ startUrls, sharedQueue: 7 }, /`sharedQueue` must be the name or id/],
        [{ startUrls, runs: 0 }, /`runs` must be a whole number from 1 to 1000, got 0/],
        [{ startUrls, workers: 101 }, /`workers` must be a whole number from 1 to 100, got 101/],
        [{ startUrls, liveView: 'yes' }, /`liveView` must be true or false, got "yes"/],
    ])('rejects %j with a message naming the field', (raw, message) => {
        expect(() => readInput(raw)).toThrow(InputError);
        expect(() => readInput(raw)).toThrow(message);
    });
});
