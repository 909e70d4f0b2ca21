import { SessionError } from 'crawlee';
import { describe, expect, it } from 'vitest';
import { failureReasonOf } from '../../src/counting/failure-reason.js';

/** An Error as Crawlee or got would throw it. */
function error(message: string, fields: Record<string, unknown> = {}, name = 'Error'): Error {
    const e = Object.assign(new Error(message), fields);
    e.name = name;
    return e;
}

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
