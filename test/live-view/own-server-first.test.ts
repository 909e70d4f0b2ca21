/**
 * The Actor's own server asks for the live view's port, in this process (own-server-first.ts): its
 * `listen()` behaves as it would without the live view (bound at once, closed when it is closed,
 * the first of two wins), and the live view yields only what it must: a port probe or a listen on
 * another address leaves it serving. The crash it prevents, in a child process, is in
 * own-server.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/index.js';
import { freePort, until } from '../helpers/http.js';

/** Waits until `answer()` gives `expected` (what answers on a port changes as servers close). */
async function eventually<T>(answer: () => Promise<T>, expected: T, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await answer()) !== expected) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

const STATES = ['still starting', 'listening'] as const;

const reporters: ProgressReporter[] = [];
const servers: Server[] = [];
afterEach(async () => {
    // The live views first: a server of the Actor that closes after them gives no port back.
    await Promise.all(reporters.splice(0).map((reporter) => reporter.closeLiveView()));
    for (const server of servers.splice(0)) {
        server.closeAllConnections();
        server.close();
    }
});

/**
 * A reporter serving its page on `port` (127.0.0.1, as locally), and the warnings it logs; when
 * `state` says so, once it listens (else at once: its server is still starting).
 */
async function liveViewOn(port: number, state: (typeof STATES)[number]) {
    const warnings: string[] = [];
    const reporter = new ProgressReporter({
        handleExit: false,
        intervalSecs: 0,
        total: 10,
        liveView: { port },
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
    });
    reporters.push(reporter);
    if (state === 'listening') expect(await reporter.liveViewUrl()).toBe(`http://127.0.0.1:${port}/`);
    return { reporter, warnings, gaveUp: () => warnings.filter((warning) => warning.includes('gave that port up')) };
}

/** The Actor's own server: it answers "mine"; its errors are kept. */
function ownServer() {
    const errors: string[] = [];
    const server = createServer((_req, res) => res.end('mine'));
    server.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
    servers.push(server);
    return { server, errors };
}

/** What answers on `host:port`: "mine", "page" (the live view), or "nothing". */
async function answerOf(port: number, host = '127.0.0.1'): Promise<string> {
    try {
        const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/progress.json`);
        const text = await res.text();
        return text === 'mine' ? 'mine' : 'total' in JSON.parse(text) ? 'page' : text;
    } catch {
        return 'nothing';
    }
}

const closed = (server: Server) => new Promise<Error | undefined>((resolve) => server.close(resolve));

/** Whether this machine can listen on IPv6's loopback. */
async function hasIpv6Loopback(): Promise<boolean> {
    const probe = createServer();
    const ok = await new Promise<boolean>((resolve) => {
        probe.once('error', () => resolve(false));
        probe.listen(0, '::1', () => resolve(true));
    });
    if (ok) await closed(probe);
    return ok;
}

describe("the Actor's own server asks for the live view's port", () => {
    it.each(STATES)(
        'when the live view is %s: listen() binds at once, address() says so, and one warning follows',
        async (state) => {
            const port = await freePort();
            const live = await liveViewOn(port, state);
            const { server, errors } = ownServer();
            // As Express's `app.listen(port).address().port` reads it, in the same tick.
            expect(server.listen(port).address()).toMatchObject({ port });
            expect(server.listening).toBe(true);
            expect(await answerOf(port)).toBe('mine');
            await until(() => live.gaveUp().length === 1, 'the warning');
            expect(live.gaveUp()[0]).toContain('reporter.liveViewHandler()');
            expect(await live.reporter.liveViewUrl()).toBeUndefined();
            expect(errors).toEqual([]);
        },
    );

    it.each(STATES)(
        'when the live view is %s: a server closed right after listen() closes as without the live view, and the page comes back',
        async (state) => {
            const port = await freePort();
            const live = await liveViewOn(port, state);
            const { server, errors } = ownServer();
            server.listen(port);
            expect(await closed(server)).toBeUndefined();
            await eventually(() => answerOf(port), 'page', 'the page served again');
            expect(server.listening).toBe(false);
            expect(await live.reporter.liveViewUrl()).toBe(`http://127.0.0.1:${port}/`);
            expect(errors).toEqual([]);
            expect(live.warnings).toEqual([]);
        },
    );

    it.each(STATES)(
        'when the live view is %s: of two servers asking for it, the first gets the port and the second EADDRINUSE, as without the live view',
        async (state) => {
            const port = await freePort();
            await liveViewOn(port, state);
            const first = ownServer();
            const second = ownServer();
            first.server.listen(port);
            second.server.listen(port);
            await until(() => second.errors.length > 0, "the second server's error");
            expect(second.errors).toEqual(['EADDRINUSE']);
            expect(first.errors).toEqual([]);
            expect(first.server.listening).toBe(true);
            expect(await answerOf(port)).toBe('mine');
        },
    );

    it('a port probe that closes at once leaves the port to the live view, without a word', async () => {
        const port = await freePort();
        const live = await liveViewOn(port, 'listening');
        // What port finders do: listen, and close in the listening callback.
        const probe = ownServer();
        await new Promise<void>((resolve) => probe.server.listen(port, () => probe.server.close(() => resolve())));
        await eventually(() => answerOf(port), 'page', 'the page served again');
        // A later look: the page stays, and nothing was said.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await answerOf(port)).toBe('page');
        expect(live.warnings).toEqual([]);
        expect(probe.errors).toEqual([]);
    });

    it('a listen() that throws, as it does without the live view, leaves the port to the live view', async () => {
        const port = await freePort();
        const live = await liveViewOn(port, 'listening');
        const { server, errors } = ownServer();
        // Bad arguments: Node throws before it binds anything.
        expect(() => server.listen({ port, signal: 'not a signal' as unknown as AbortSignal })).toThrow(
            expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
        );
        // A server already listening elsewhere: ERR_SERVER_ALREADY_LISTEN, and it keeps its own port.
        const other = await freePort();
        await new Promise<void>((resolve) => server.listen(other, resolve));
        expect(() => server.listen(port)).toThrow(expect.objectContaining({ code: 'ERR_SERVER_ALREADY_LISTEN' }));
        expect(server.address()).toMatchObject({ port: other });
        await eventually(() => answerOf(port), 'page', 'the page served again');
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await answerOf(port)).toBe('page');
        expect(live.warnings).toEqual([]);
        expect(errors).toEqual([]);
    });

    it('a server on another address of the port leaves the live view alone', async () => {
        const port = await freePort();
        const live = await liveViewOn(port, 'listening');
        const others = ['127.0.0.2', ...((await hasIpv6Loopback()) ? ['::1'] : [])];
        for (const host of others) {
            const { server, errors } = ownServer();
            await new Promise<void>((resolve) => server.listen(port, host, resolve));
            expect((server.address() as AddressInfo).address).toBe(host);
            expect(await answerOf(port, host)).toBe('mine');
            expect(errors).toEqual([]);
        }
        expect(await answerOf(port)).toBe('page');
        expect(live.warnings).toEqual([]);
    });
});
