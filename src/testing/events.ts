import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Data the platform sends with well-known events when the caller gives none. Listeners in the SDK and
 * Crawlee destructure these (`({ isMigrating })`), so `null` would throw inside them.
 */
function defaultData(name: string): unknown {
    switch (name) {
        case 'persistState':
            return { isMigrating: false };
        case 'systemInfo':
            return {
                createdAt: new Date().toISOString(),
                cpuCurrentUsage: 0,
                memCurrentBytes: 0,
                isCpuOverloaded: false,
            };
        default:
            return {};
    }
}

/**
 * The Actor events websocket (`ACTOR_EVENTS_WEBSOCKET_URL`). It shares the HTTP server and, like the
 * platform's, needs no token: the URL itself is only handed to the run.
 */
export class EventSocket {
    readonly #path: string;
    readonly #server = new WebSocketServer({ noServer: true });

    constructor(path: string) {
        this.#path = path;
    }

    /** Takes over an HTTP upgrade for the events path; anything else is refused with 404. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
        const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        if (path !== this.#path) {
            socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
        }
        this.#server.handleUpgrade(req, socket, head, (client) => {
            this.#server.emit('connection', client, req);
        });
    }

    /** Sends `{name, data}` as a text frame, the format the SDK's PlatformEventManager parses. */
    send(name: string, data?: unknown): void {
        const frame = JSON.stringify({ name, data: data === undefined ? defaultData(name) : data });
        for (const client of this.#openClients()) client.send(frame);
    }

    clientCount(): number {
        return this.#openClients().length;
    }

    /** Drops every client at once (no close handshake to wait for) and stops the server. */
    close(): Promise<void> {
        for (const client of this.#server.clients) client.terminate();
        return new Promise((resolve) => this.#server.close(() => resolve()));
    }

    #openClients(): WebSocket[] {
        return [...this.#server.clients].filter((client) => client.readyState === client.OPEN);
    }
}
