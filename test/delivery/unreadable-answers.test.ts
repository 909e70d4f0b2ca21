/**
 * An API (or a proxy in front of it) that answers a status message's PUT with 200 and a body
 * apify-client cannot read: an HTML page, invalid JSON, nothing. The PUT was accepted: it is a success,
 * not a failure to retry until "giving up". The real transport and apify-client over real HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApifyApiTransport } from '../../src/delivery/apify-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let server: Server | undefined;
afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
});

/** A server answering every request with `status`, `contentType` and `body`; returns its URL and the requests it got. */
async function answering(status: number, contentType: string, body: string) {
    const requests: { method: string; body: string }[] = [];
    server = createServer((req, res) => {
        let text = '';
        req.on('data', (chunk: Buffer) => {
            text += chunk;
        });
        req.on('end', () => {
            requests.push({ method: req.method ?? '', body: text });
            res.writeHead(status, { 'content-type': contentType });
            res.end(body);
        });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, requests };
}

describe('a 200 answer whose body cannot be read', () => {
    const cases = [
        ['an HTML page', 'text/html; charset=utf-8', '<html><body>OK</body></html>'],
        ['invalid JSON', 'application/json', '{"data": {'],
        ['an empty body', 'application/json', ''],
    ] as const;
    for (const [what, contentType, body] of cases) {
        it(`${what}: each message lands with one PUT, nothing is retried, nothing is said`, async () => {
            const api = await answering(200, contentType, body);
            const warnings: string[] = [];
            const reporter = new ProgressReporter({
                transport: new ApifyApiTransport({ runId: 'run1', token: 'token1', baseUrl: api.url }),
                total: 10,
                intervalSecs: 0,
                handleExit: false,
                progressRecord: false,
                log: { info: () => undefined, warning: (message) => warnings.push(message) },
            });
            reporter.advance(3);
            await reporter.flush();
            await expect(reporter.finish()).resolves.toBe('delivered');
            const sent = api.requests.map((request) => JSON.parse(request.body).statusMessage);
            expect(sent).toEqual(['3 of 10 items done (30%)', expect.stringMatching(/^Finished: 3 of 10 items done/)]);
            expect(warnings).toEqual([]);
        });
    }

    it('a 5xx with an HTML page is still a failure, retried', async () => {
        const api = await answering(502, 'text/html', '<html>Bad gateway</html>');
        const reporter = new ProgressReporter({
            transport: new ApifyApiTransport({ runId: 'run1', token: 'token1', baseUrl: api.url }),
            total: 10,
            intervalSecs: 0,
            terminalDeadlineSecs: 1,
            handleExit: false,
            progressRecord: false,
            log: { info: () => undefined, warning: () => undefined },
        });
        await expect(reporter.finish()).resolves.toBe('failed');
        expect(api.requests.length).toBeGreaterThan(1);
    });
});
