import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from './handler.js';
import { listenYielding } from './own-server-first.js';

export interface ListeningServer {
    /** The port listened on (the real one when 0 was asked for). */
    port: number;
    /** Stops listening and ends every open connection, event streams included. Idempotent. */
    close(): Promise<void>;
}

export interface ListenOptions {
    /** Told when the port went to another server of the process (see own-server-first.ts). */
    onGaveUp?: (error?: Error) => void;
    /** Aborted when the live view closes before its server listens. */
    signal?: AbortSignal;
}

/**
 * Listens with `handler`. Neither the server nor any connection keeps the process alive: the run
 * ends when its work is done (or at `process.exit()`), taking the server with it, with no wait for
 * viewers; until then, also after the terminal message, the page stays up. Rejects with the
 * listen error (`EADDRINUSE` when the port is taken), or `PortGivenUp` when another server of the
 * process took the port before this one listened.
 */
export async function listen(
    handler: RequestHandler,
    port: number,
    host: string | undefined,
    { onGaveUp = () => undefined, signal }: ListenOptions = {},
): Promise<ListeningServer> {
    const server: Server = createServer(handler);
    server.on('connection', (socket) => socket.unref());
    server.unref();
    const stopped = new AbortController();
    signal?.addEventListener('abort', () => stopped.abort(signal.reason));
    await listenYielding(server, port, host, { onGaveUp, signal: stopped.signal });
    let closing: Promise<void> | undefined;
    return {
        port: (server.address() as AddressInfo).port,
        close: () => {
            closing ??= new Promise((done) => {
                stopped.abort();
                server.close(() => done());
                server.closeAllConnections();
            });
            return closing;
        },
    };
}
