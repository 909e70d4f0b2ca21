/** Requests the live view must not answer as asked: odd paths, and other sites' names for this machine. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';

const reporters: ProgressReporter[] = [];
afterEach(async () => {
    await Promise.all(reporters.splice(0).map((reporter) => reporter.closeLiveView()));
});

async function liveUrl(liveView: { port: number; host?: string } = { port: 0 }): Promise<string> {
    const reporter = new ProgressReporter({
        transport: new RecordingTransport(),
        handleExit: false,
        total: 10,
        liveView,
        log: { info: () => undefined, warning: () => undefined },
    });
    reporters.push(reporter);
    reporter.advance(4);
    const url = await reporter.liveViewUrl();
    if (!url) throw new Error('not listening');
    return url;
}

/** GET `path` with the request line and Host header as given (fetch would normalize both). */
function rawGet(url: string, path: string, host?: string): Promise<{ status: number; body: string }> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
        const req = request(
            { hostname, port, path, headers: host === undefined ? {} : { Host: host }, agent: false, setHost: false },
            (res) => {
                let body = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => {
                    body += chunk;
                });
                res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
        );
        req.on('error', reject);
        req.end();
    });
}

describe('what the live view does not answer as asked', () => {
    it('reads a path as written: //progress.json and the like are not the page', async () => {
        const url = await liveUrl();
        const { port } = new URL(url);
        for (const path of ['//progress.json', '//evil.example/progress.json', '//', '/./progress.json']) {
            const answer = await rawGet(url, path, `127.0.0.1:${port}`);
            expect(answer.status, path).toBe(404);
            expect(answer.body, path).not.toContain('<html');
        }
        const json = await rawGet(url, '/progress.json?fresh=1', `127.0.0.1:${port}`);
        expect(json.status).toBe(200);
        expect(JSON.parse(json.body)).toMatchObject({ done: 4 });
    });

    it("turns away another site's name for this machine (DNS rebinding), and lets this machine's names in", async () => {
        const url = await liveUrl();
        const { port } = new URL(url);
        for (const host of [
            `evil.example:${port}`,
            'evil.example',
            `127.0.0.1.evil.example:${port}`,
            `10.0.0.5:${port}`,
        ]) {
            for (const path of ['/progress.json', '/events', '/']) {
                const answer = await rawGet(url, path, host);
                expect(answer.status, `${host} ${path}`).toBe(403);
                expect(answer.body).not.toContain('"done"');
            }
        }
        for (const host of [
            `127.0.0.1:${port}`,
            `localhost:${port}`,
            'localhost',
            `run.localhost:${port}`,
            `[::1]:${port}`,
        ]) {
            const answer = await rawGet(url, '/progress.json', host);
            expect(answer.status, host).toBe(200);
        }
    });

    it('checks no name when it listens on every interface, as on the platform behind its proxy', async () => {
        const url = await liveUrl({ port: 0, host: '0.0.0.0' });
        const { port } = new URL(url);
        const answer = await rawGet(`http://127.0.0.1:${port}/`, '/progress.json', 'abc123.runs.apify.net');
        expect(answer.status).toBe(200);
    });
});
