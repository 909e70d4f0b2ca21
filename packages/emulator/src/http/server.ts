import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError, sendError } from '../errors.js';
import type { InFlight } from './pipeline.js';

export const HOST = '127.0.0.1';

interface HttpServerOptions {
    keepAlive: boolean;
    keepAliveTimeoutMs: number;
    onRequest(req: IncomingMessage, res: ServerResponse, flight: InFlight): Promise<void>;
    onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

async function loopTurns(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The HTTP side of the emulator on 127.0.0.1: listening (again on the same port after a refusal),
 * counting connections, and cutting every socket when it closes or refuses connections.
 */
export class HttpServer {
    readonly #server: Server;
    readonly #sockets = new Set<Socket>();
    readonly #inFlight = new Set<InFlight>();
    #port = 0;
    #connections = 0;
    #listening = false;

    constructor(options: HttpServerOptions) {
        this.#server = createServer({ keepAliveTimeout: options.keepAliveTimeoutMs }, (req, res) => {
            const flight: InFlight = { severed: false };
            this.#inFlight.add(flight);
            options
                .onRequest(req, res, flight)
                .catch((error: unknown) => {
                    sendError(res, new ApiError(500, 'internal-error', String(error)), options.keepAlive);
                })
                .finally(() => this.#inFlight.delete(flight));
        });
        this.#server.on('connection', (socket: Socket) => {
            this.#connections += 1;
            this.#sockets.add(socket);
            socket.once('close', () => this.#sockets.delete(socket));
        });
        this.#server.on('upgrade', (req, socket, head) => options.onUpgrade(req, socket, head));
    }

    get port(): number {
        return this.#port;
    }

    /** TCP connections accepted so far (HTTP and websocket). */
    get connections(): number {
        return this.#connections;
    }

    get listening(): boolean {
        return this.#listening;
    }

    listen(port: number): Promise<void> {
        return new Promise((resolve, reject) => {
            const onError = (error: Error) => reject(error);
            this.#server.once('error', onError);
            this.#server.listen(port, HOST, () => {
                this.#server.off('error', onError);
                this.#port = (this.#server.address() as AddressInfo).port;
                this.#listening = true;
                resolve();
            });
        });
    }

    /**
     * Stops listening (new connections get ECONNREFUSED) and cuts every open HTTP connection, hung and
     * delayed requests too, the way a server that went away does: nothing in flight is applied.
     */
    async refuse(): Promise<void> {
        if (!this.#listening) return;
        this.#listening = false;
        for (const flight of this.#inFlight) flight.severed = true;
        const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
        this.#server.closeAllConnections();
        await closed;
        // Let clients in this process see their keep-alive sockets close, so their next request
        // opens a new connection (refused) instead of writing into a dead one (reset).
        await loopTurns();
    }

    async close(): Promise<void> {
        const serverClosed = this.#listening
            ? new Promise<void>((resolve) => this.#server.close(() => resolve()))
            : Promise.resolve();
        this.#listening = false;
        for (const socket of this.#sockets) socket.destroy();
        this.#server.closeAllConnections();
        await serverClosed;
        // Node releases the listening handle in the event loop's close phase, after the 'close' event;
        // two loop turns later it is gone, so a leak check right after close() sees a clean process.
        await loopTurns();
    }
}
