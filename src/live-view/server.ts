import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from './handler.js';
import { markLiveViewServer } from './own-server-first.js';

export interface ListeningServer {
    /** The port listened on (the real one when 0 was asked for). */
    port: number;
    /** Stops listening and ends every open connection, event streams included. Idempotent. */
    close(): Promise<void>;
}

/**
 * Listens with `handler`. Neither the server nor any connection keeps the process alive: the run
 * ends when its work is done (or at `process.exit()`), taking the server with it, with no wait for
 * viewers; until then, also after the terminal message, the page stays up. Rejects with the
 * listen error (`EADDRINUSE` when the port is taken).
 */
export function listen(handler: RequestHandler, port: number, host: string | undefined): Promise<ListeningServer> {
    const server: Server = createServer(handler);
    markLiveViewServer(server);
    server.on('connection', (socket) => socket.unref());
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, ...(host === undefined ? {} : { host }) }, () => {
            server.off('error', reject);
            server.unref();
            let closing: Promise<void> | undefined;
            resolve({
                port: (server.address() as AddressInfo).port,
                close: () => {
                    closing ??= new Promise((done) => {
                        server.close(() => done());
                        server.closeAllConnections();
                    });
                    return closing;
                },
            });
        });
    });
}
