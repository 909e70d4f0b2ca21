/**
 * What an end reason keeps and what it loses when it is published (end-reason.ts): every credential
 * shape an error's text carries goes, and what the reader needs (a status code, a URL's host and
 * path) stays. The cases came from a review that fed real-looking error texts through it.
 */
import { describe, expect, it } from 'vitest';
import { MAX_END_REASON_LENGTH, publishedEndReason, scrubbedText } from '../../src/wording/end-reason.js';

describe('scrubbedText', () => {
    it.each([
        [
            'Request failed: Authorization: Bearer sk_live_51Habc123secretXYZ',
            'Request failed: Authorization: Bearer ***',
        ],
        ['Token apify_api_AbCdEf0123456789AbCdEf0123456789abcd is not valid', 'Token apify_api_*** is not valid'],
        [
            'connect ECONNREFUSED http://admin:p@ss@db.internal:5432/x',
            'connect ECONNREFUSED http://***@db.internal:5432/x',
        ],
        ['failed http://user:pa/ss@host.com/x', 'failed http://***@host.com/x'],
        [
            'proxy groups-RESIDENTIAL:apify_proxy_SECRET@proxy.apify.com:8000 refused',
            'proxy ***@proxy.apify.com:8000 refused',
        ],
        ['postgres://u:secret@db/x?sslmode=require&password=hunter2', 'postgres://***@db/x?sslmode=***&password=***'],
        [
            'GET https://bob:hunter2@partner.example/v1?apiKey=SECRET&q=shoes',
            'GET https://***@partner.example/v1?apiKey=***&q=***',
        ],
        [
            "ENOENT: no such file or directory, open '/home/alice/app/out.json'",
            "ENOENT: no such file or directory, open '~/app/out.json'",
        ],
        ['at file:///Users/alice/actor/main.js:10:5', 'at file://~/actor/main.js:10:5'],
        ['at C:\\Users\\alice\\actor\\main.js', 'at ~\\actor\\main.js'],
    ])('removes what no reader may see: %j', (text, scrubbed) => {
        expect(scrubbedText(text)).toBe(scrubbed);
    });

    it.each([
        'Request https://shop.example.com/home/sale-items failed with 500',
        'Request https://api.example.com/Users/42/orders failed with 404',
        'https://medium.com/@alice/my-post returned 403',
        'Basic authentication failed for alice@example.com',
        'Token expired, sign in again',
    ])('keeps what the reader needs: %j', (text) => {
        expect(scrubbedText(text)).toBe(text);
    });

    it('ends a query value where the URL ends in the text, keeping what follows', () => {
        expect(scrubbedText('{"url":"https://x.com/a?page=2","statusCode":503,"message":"Service Unavailable"}')).toBe(
            '{"url":"https://x.com/a?page=***","statusCode":503,"message":"Service Unavailable"}',
        );
        expect(scrubbedText('GET https://x.com/s?q=shoes, then 429 Too Many Requests')).toBe(
            'GET https://x.com/s?q=***, then 429 Too Many Requests',
        );
        expect(scrubbedText('(see https://x.com/s?key=abc); retrying')).toBe('(see https://x.com/s?key=***); retrying');
    });
});

describe('publishedEndReason', () => {
    it('is one line, scrubbed before it is cut, and bounded', () => {
        const reason = `Error: GET https://bob:hunter2@partner.example/v1?apiKey=SECRET failed\n    at /home/alice/app.js ${'x'.repeat(10_000)}`;
        const published = publishedEndReason(reason);
        expect(published.length).toBeLessThanOrEqual(MAX_END_REASON_LENGTH);
        expect(published).toMatch(
            /^Error: GET https:\/\/\*\*\*@partner\.example\/v1\?apiKey=\*\*\* failed at ~\/app\.js x+…$/,
        );
    });
});
