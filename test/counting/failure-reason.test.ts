import { SessionError } from 'crawlee';
import { describe, expect, it } from 'vitest';
import {
    FailureCounts,
    MAX_FAILURE_GROUPS,
    mergeFailures,
    reconcileFailures,
} from '../../src/counting/failure-counts.js';
import { failureReasonOf } from '../../src/counting/failure-reason.js';

/** An Error as Crawlee or got would throw it. */
function error(message: string, fields: Record<string, unknown> = {}, name = 'Error'): Error {
    const e = Object.assign(new Error(message), fields);
    e.name = name;
    return e;
}

const sum = (list: { count: number }[]) => list.reduce((total, entry) => total + entry.count, 0);

describe('failureReasonOf', () => {
    it.each([
        ['HttpCrawler on a 500 page', error('500 - Internal Server Error: <html>secret body</html>'), 'HTTP 500'],
        ['HttpCrawler on a 503 JSON answer', error('503 - {"token":"abc"}'), 'HTTP 503'],
        ['a session pool refusing a page', error('Request blocked - received 403 status code.'), 'blocked: HTTP 403'],
        ['retryOnBlocked', new SessionError('Blocked by status code 429'), 'blocked: HTTP 429'],
        [
            'got on a 404',
            error('Request failed with status code 404 (Not Found): GET https://x.test/?token=abc', {}, 'HTTPError'),
            'HTTP 404',
        ],
        ['an error with a status code', error('nope', { statusCode: 502 }), 'HTTP 502'],
        ['an API error with status', error('Rate limit', { status: 429 }), 'blocked: HTTP 429'],
        [
            "the author's handler running too long",
            error('requestHandler timed out after 1 seconds.'),
            'timeout in the handler',
        ],
        ["Crawlee's navigation timeout", error('request timed out after 2 seconds.'), 'timeout'],
        ['a TimeoutError', error('Navigation failed', {}, 'TimeoutError'), 'timeout'],
        ['a socket timeout code', error('socket hang up', { code: 'ETIMEDOUT' }), 'timeout'],
        [
            'a refused connection',
            error('connect ECONNREFUSED 10.0.0.1:80', { code: 'ECONNREFUSED' }),
            'network error: ECONNREFUSED',
        ],
        // Crawlee's SessionError keeps the name "Error"; its cause follows its own first line.
        ['a proxy failure', new SessionError('Proxy responded with 407'), 'proxy error'],
        ['a session retired', new SessionError('Blocked by Cloudflare when processing https://a.test/'), 'blocked'],
        [
            'a refused connection that Crawlee made a session error',
            new SessionError('connect ECONNREFUSED 127.0.0.1:9\n    at /app/src/main.js:10:5'),
            'network error: ECONNREFUSED',
        ],
        [
            'the same, as its text only (no class)',
            error('Detected a session error, rotating session... \nread ECONNRESET'),
            'network error: ECONNRESET',
        ],
        [
            "Chromium's refused connection",
            error('page.goto: net::ERR_CONNECTION_REFUSED at https://a.test/?token=abc'),
            'network error: ERR_CONNECTION_REFUSED',
        ],
        ["Chromium's failed proxy", error('net::ERR_PROXY_CONNECTION_FAILED at https://a.test/'), 'proxy error'],
        [
            "a bug that Node's API reported",
            Object.assign(new TypeError('The "path" argument must be of type string'), {
                code: 'ERR_INVALID_ARG_TYPE',
            }),
            'TypeError in the handler',
        ],
        [
            'an error class that sets no name',
            new (class ProductGoneError extends Error {})('gone'),
            'ProductGoneError in the handler',
        ],
        [
            'a bug in the handler',
            new TypeError("Cannot read properties of undefined (reading 'x')"),
            'TypeError in the handler',
        ],
        [
            'a plain Error in the handler',
            new Error('price missing on https://shop.test/item?id=1'),
            'Error in the handler',
        ],
        ['a custom error class', error('out of stock', {}, 'ProductGoneError'), 'ProductGoneError in the handler'],
        ['an error whose name is text', error('x', {}, 'name with https://a.test/?t=1 in it'), 'Error in the handler'],
        ['a thrown string', 'boom', 'unknown'],
        ['nothing', undefined, 'unknown'],
    ])('words %s without its text', (_what, thrown, expected) => {
        const reason = failureReasonOf(thrown);
        expect(reason).toBe(expected);
        expect(reason).not.toMatch(/https?:|token|secret|body|abc/);
    });
});

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
