import type { IncomingMessage, ServerResponse } from 'node:http';

/** One Server-Sent Event, ready to write: the data is one line of JSON (JSON escapes line breaks). */
export function sseEvent(name: string, data: unknown): string {
    return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface SseLimits {
    /**
     * Viewers at once (each holds a socket and a buffer). A viewer past it is served, and the oldest
     * stream of the client that holds the most is ended to make room: a few clients holding streams
     * open cannot lock everyone else out.
     */
    maxViewers: number;
    /** A viewer that falls this far behind (a stalled connection) is dropped rather than buffered for. */
    maxBufferedBytes: number;
}

const SSE_LIMITS: SseLimits = { maxViewers: 100, maxBufferedBytes: 1 << 20 };

/** How long the browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2_000;
/**
 * How long a browser whose stream was ended to make room waits before it comes back: long enough that
 * viewers past the limit take turns rather than push each other out every two seconds.
 */
export const EVICTED_RETRY_MS = 30_000;

interface Viewer {
    /** The client's address: streams are taken back from the client that holds the most. */
    client: string;
}

/**
 * The open event streams. An update is serialized once by the caller and written to every viewer:
 * the cost of a viewer is one socket write per update, never a snapshot.
 *
 * Nobody is turned away. At the limit, the oldest stream of the client holding the most streams is
 * ended (its browser is told to come back later): a script holding a hundred idle streams gives them
 * back one by one to the people who open the page, while a person's tab is left alone as long as
 * anyone holds more. Behind the platform's proxy every viewer may share one address: then it is the
 * oldest stream that goes, and still nobody is locked out. A client is its socket's address, never a
 * header a client could make up.
 */
export class SseHub {
    readonly #limits: SseLimits;
    /** In the order they opened: the first of a client is its oldest. */
    readonly #viewers = new Map<ServerResponse, Viewer>();

    constructor(limits: SseLimits = SSE_LIMITS) {
        this.#limits = limits;
    }

    get size(): number {
        return this.#viewers.size;
    }

    /** Opens a stream on `res`, starting with `first` (the full state); at the limit, makes room first. */
    open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, first: string): void {
        res.writeHead(200, {
            ...headers,
            'Content-Type': 'text/event-stream; charset=utf-8',
            'Cache-Control': 'no-store',
            // Proxies (nginx and the like) would otherwise hold events back.
            'X-Accel-Buffering': 'no',
        });
        if (req.method === 'HEAD') {
            res.end();
            return;
        }
        while (this.#viewers.size >= Math.max(1, this.#limits.maxViewers)) this.#makeRoom();
        res.write(`retry: ${RETRY_MS}\n\n${first}`);
        this.#viewers.set(res, { client: req.socket.remoteAddress ?? '' });
        const forget = () => this.#viewers.delete(res);
        res.on('close', forget);
        req.on('close', forget);
    }

    /** Ends the oldest stream of the client that holds the most. */
    #makeRoom(): void {
        const held = new Map<string, number>();
        let most = '';
        for (const { client } of this.#viewers.values()) {
            const count = (held.get(client) ?? 0) + 1;
            held.set(client, count);
            if (count > (held.get(most) ?? 0)) most = client;
        }
        for (const [res, viewer] of this.#viewers) {
            if (viewer.client !== most) continue;
            this.#viewers.delete(res);
            res.end(`retry: ${EVICTED_RETRY_MS}\n\n`);
            return;
        }
    }

    /** Writes `event` (from `sseEvent`, or a `: comment\n\n`) to every viewer. */
    send(event: string): void {
        for (const res of this.#viewers.keys()) {
            if (res.writableLength > this.#limits.maxBufferedBytes) {
                this.#viewers.delete(res);
                res.destroy();
                continue;
            }
            res.write(event);
            // Node corks a response's socket until the next tick; the process may not live that long
            // (the terminal message goes out right before `process.exit()`): out now.
            res.socket?.uncork();
        }
    }

    /** Ends every stream. */
    closeAll(): void {
        for (const res of this.#viewers.keys()) res.end();
        this.#viewers.clear();
    }
}
