/** The live view's HTTP side: what each path answers, with which headers, and where it listens. */
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressReporter, type ProgressReporterOptions, RecordingTransport } from '../../src/index.js';
import { CONTENT_SECURITY_POLICY, READINESS_PROBE_HEADER } from '../../src/live-view/handler.js';
import { freePort } from '../helpers/http.js';
import { openEventStream } from '../helpers/sse.js';

const reporters: ProgressReporter[] = [];
afterEach(async () => {
    await Promise.all(reporters.splice(0).map((reporter) => reporter.closeLiveView()));
});

function reporter(options: ProgressReporterOptions = {}) {
    const logged: string[] = [];
    const warnings: string[] = [];
    const transport = new RecordingTransport();
    const created = new ProgressReporter({
        transport,
        handleExit: false,
        intervalSecs: 0,
        log: { info: (message) => logged.push(message), warning: (message) => warnings.push(message) },
        ...options,
    });
    reporters.push(created);
    return { reporter: created, transport, logged, warnings };
}

async function liveUrl(options: ProgressReporterOptions = {}) {
    const made = reporter({ liveView: { port: 0 }, ...options });
    const url = await made.reporter.liveViewUrl();
    if (!url) throw new Error(`not listening: ${made.warnings.join(' ')}`);
    return { ...made, url };
}

/** Whether something accepts connections on `port`. */
function accepts(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('error', () => resolve(false));
    });
}

/** Runs `use` with ACTOR_WEB_SERVER_PORT set to a free port, as the platform would set it. */
async function withServerPort<T>(use: (port: number) => Promise<T>): Promise<T> {
    const saved = process.env.ACTOR_WEB_SERVER_PORT;
    const port = await freePort();
    process.env.ACTOR_WEB_SERVER_PORT = String(port);
    try {
        return await use(port);
    } finally {
        if (saved === undefined) delete process.env.ACTOR_WEB_SERVER_PORT;
        else process.env.ACTOR_WEB_SERVER_PORT = saved;
    }
}

describe('what the live view answers', () => {
    it('serves the page, its files and /progress.json, each with the security headers', async () => {
        const { url, reporter: r } = await liveUrl({ total: 10, unit: 'pages' });
        r.advance(4);
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const html = await page.text();
        expect(html).toContain('<title>Run progress</title>');
        // Every file the page refers to is served from here: no other host, no inline script.
        const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
        expect(refs.filter((ref) => !ref.startsWith('data:'))).toEqual([
            'assets/uPlot.min.css',
            'assets/page.css',
            'assets/parts.css',
            'assets/side.css',
            'assets/uPlot.iife.min.js',
            'assets/page.js',
            'progress.json',
        ]);
        expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(html).not.toMatch(/\sstyle=|<style/);
        for (const ref of refs.filter((ref) => ref.startsWith('assets/'))) {
            const asset = await fetch(`${url}${ref}`);
            expect(asset.status, ref).toBe(200);
            expect(asset.headers.get('content-security-policy'), ref).toBe(CONTENT_SECURITY_POLICY);
        }
        for (const path of ['', 'progress.json', 'assets/page.js', 'nope']) {
            const response = await fetch(`${url}${path}`);
            expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
            expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
            expect(response.headers.get('x-frame-options'), path).toBeNull();
        }
        expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'self' https://console.apify.com");
        expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
        expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');

        const json = await fetch(`${url}progress.json`);
        expect(json.headers.get('cache-control')).toBe('no-store');
        expect(await json.json()).toMatchObject({ done: 4, total: 10, unit: ['page', 'pages'], status: 'running' });
    });

    it('answers the readiness probe with a fast 200, on / and anywhere', async () => {
        const { url } = await liveUrl();
        for (const path of ['', 'anything']) {
            const probe = await fetch(`${url}${path}`, { headers: { [READINESS_PROBE_HEADER]: '1' } });
            expect(probe.status).toBe(200);
            expect(await probe.text()).toBe('ok\n');
        }
    });

    it('answers 404 for other paths and 405 for other methods', async () => {
        const { url } = await liveUrl();
        for (const path of [
            'index.html',
            'assets/',
            'assets/../package.json',
            '..%2fpackage.json',
            '.env',
            'events/x',
        ]) {
            expect((await fetch(`${url}${path}`)).status, path).toBe(404);
        }
        for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
            const response = await fetch(url, { method });
            expect(response.status, method).toBe(405);
            expect(response.headers.get('allow')).toBe('GET, HEAD');
        }
        const head = await fetch(`${url}progress.json`, { method: 'HEAD' });
        expect(head.status).toBe(200);
        expect(await head.text()).toBe('');
    });

    it('gzips the files for browsers that take it, and answers 304 to a page that has them', async () => {
        const { url } = await liveUrl();
        const plain = await fetch(`${url}assets/uPlot.iife.min.js`, { headers: { 'accept-encoding': 'identity' } });
        const body = Buffer.from(await plain.arrayBuffer());
        const zipped = await new Promise<{ headers: Headers; body: Buffer }>((resolve, reject) => {
            // fetch() unzips by itself: the raw bytes are read with node:http.
            import('node:http').then(({ get }) =>
                get(`${url}assets/uPlot.iife.min.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
                    const chunks: Buffer[] = [];
                    res.on('data', (chunk: Buffer) => chunks.push(chunk));
                    res.on('end', () =>
                        resolve({
                            headers: new Headers(res.headers as Record<string, string>),
                            body: Buffer.concat(chunks),
                        }),
                    );
                }).on('error', reject),
            );
        });
        expect(zipped.headers.get('content-encoding')).toBe('gzip');
        expect(zipped.body.length).toBeLessThan(body.length / 2);
        expect(gunzipSync(zipped.body).equals(body)).toBe(true);
        const etag = plain.headers.get('etag') ?? '';
        expect(etag).toMatch(/^"[\w-]{22}"$/);
        expect((await fetch(`${url}assets/uPlot.iife.min.js`, { headers: { 'if-none-match': etag } })).status).toBe(
            304,
        );
    });
});

describe('where and whether it listens', () => {
    it('logs its URL once, with the real port when any free port was asked for', async () => {
        const { url, logged } = await liveUrl();
        expect(logged.filter((line) => line.startsWith('Live view:'))).toEqual([`Live view: ${url}`]);
        expect(url).not.toContain(':0/');
    });

    it('opens no port and no server when liveView is off; the messages are the same on or off', async () => {
        const scenario = async (options: ProgressReporterOptions) => {
            const made = reporter({ total: 3, clock: { now: () => 1_800_000_000_000 }, ...options });
            made.reporter.advance(1);
            await made.reporter.flush();
            made.reporter.advance(2);
            await made.reporter.flush();
            await made.reporter.finish();
            return made;
        };
        await withServerPort(async (port) => {
            const off = await scenario({});
            expect(await off.reporter.liveViewUrl()).toBeUndefined();
            expect(await accepts(port)).toBe(false);
            expect(off.logged.filter((line) => line.includes('Live view'))).toEqual([]);
            const on = await scenario({ liveView: true });
            expect(await on.reporter.liveViewUrl()).toBe(`http://127.0.0.1:${port}/`);
            expect(await accepts(port)).toBe(true);
            expect(on.transport.messages).toEqual(off.transport.messages);
            await on.reporter.closeLiveView();
            expect(await accepts(port)).toBe(false);
            expect(off.transport.messages).toEqual([
                '1 of 3 items done (33%)',
                '3 of 3 items done (100%)',
                'Finished: 3 of 3 items done · in 0 s',
            ]);
        });
    });

    it('when the port is taken: one warning naming liveViewHandler(), and the run goes on', async () => {
        const taken = createServer();
        await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
        const port = (taken.address() as AddressInfo).port;
        try {
            const { reporter: r, transport, warnings } = reporter({ liveView: { port }, total: 2 });
            expect(await r.liveViewUrl()).toBeUndefined();
            r.advance(2);
            await r.finish();
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toContain(`port ${port} is already in use`);
            expect(warnings[0]).toContain('reporter.liveViewHandler()');
            expect(transport.messages.at(-1)).toMatch(/^Finished: 2 of 2 items done/);
        } finally {
            taken.close();
        }
    });

    it('hands the port of a reporter that has ended to the next one: the page follows the run', async () => {
        const port = await freePort();
        const first = reporter({ liveView: { port }, unit: 'listings', total: 10 });
        const url = await first.reporter.liveViewUrl();
        expect(url).toBe(`http://127.0.0.1:${port}/`);
        const viewer = await openEventStream(`${url}events`);
        await viewer.next((event) => event.event === 'init');
        first.reporter.advance(10);
        await first.reporter.finish();

        // The next reporter of the process asks for the same port, as the one-writer error advises.
        const second = reporter({ liveView: { port }, unit: 'products', total: 500 });
        expect(await second.reporter.liveViewUrl()).toBe(url);
        expect(second.warnings).toEqual([]);
        second.reporter.advance(42);
        await second.reporter.flush();
        expect(await (await fetch(`${url}progress.json`)).json()).toMatchObject({
            status: 'running',
            done: 42,
            total: 500,
            message: second.reporter.lastMessage,
        });
        // The first run's viewers are let go; their browsers reconnect and get the run as it is now.
        await viewer.ended;
        const again = await openEventStream(`${url}events`);
        const init = await again.next((event) => event.event === 'init');
        expect(init.data).toMatchObject({ document: { done: 42, unit: ['product', 'products'] } });
        again.close();
        // The first reporter no longer owns the server: closing its view leaves the page up.
        await first.reporter.closeLiveView();
        expect(await accepts(port)).toBe(true);
        await second.reporter.closeLiveView();
        expect(await accepts(port)).toBe(false);
    });

    it('does not take the port of a reporter that is still running', async () => {
        const port = await freePort();
        const first = reporter({ liveView: { port }, total: 10 });
        await first.reporter.liveViewUrl();
        const second = reporter({ liveView: { port }, total: 5 });
        expect(await second.reporter.liveViewUrl()).toBeUndefined();
        expect(second.warnings).toEqual([expect.stringContaining(`port ${port} is already in use`)]);
        first.reporter.advance(3);
        expect(await (await fetch(`http://127.0.0.1:${port}/progress.json`)).json()).toMatchObject({
            done: 3,
            total: 10,
        });
    });

    it("serves from the Actor's own server through liveViewHandler(), with liveView off", async () => {
        const { reporter: r } = reporter({ total: 5 });
        const handler = r.liveViewHandler();
        expect(await r.liveViewUrl()).toBeUndefined();
        const own = createServer((req, res) => {
            if (req.url?.startsWith('/api')) res.end('the Actor itself');
            else handler(req, res);
        });
        await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
        try {
            const base = `http://127.0.0.1:${(own.address() as AddressInfo).port}/`;
            r.advance(2);
            expect(await (await fetch(`${base}progress.json`)).json()).toMatchObject({ done: 2, total: 5 });
            expect(await (await fetch(`${base}api`)).text()).toBe('the Actor itself');
            const stream = await openEventStream(`${base}events`);
            await stream.next((event) => event.event === 'init');
            stream.close();
        } finally {
            await r.closeLiveView();
            own.closeAllConnections();
            await new Promise((resolve) => own.close(resolve));
        }
    });
});
