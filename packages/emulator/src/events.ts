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
 * One run's events websocket (`ACTOR_EVENTS_WEBSOCKET_URL`). It shares the HTTP server and, like the
 * platform's, needs no token: the URL itself is only handed to the run.
 */
export class EventSocket {
    readonly #server = new WebSocketServer({ noServer: true });

    /** Takes over an HTTP upgrade the server routed to this run's events path. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
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

/** Refuses an upgrade on a path that is no run's events path. */
export function refuseUpgrade(socket: Duplex): void {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
