import type { IncomingMessage, ServerResponse } from 'node:http';

/** One Server-Sent Event, ready to write: the data is one line of JSON (JSON escapes line breaks). */
export function sseEvent(name: string, data: unknown): string {
    return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface SseLimits {
    /** Viewers at once; more get a 503 (each holds a socket and a buffer). */
    maxViewers: number;
    /** A viewer that falls this far behind (a stalled connection) is dropped rather than buffered for. */
    maxBufferedBytes: number;
}

export const SSE_LIMITS: SseLimits = { maxViewers: 100, maxBufferedBytes: 1 << 20 };

/** How long the browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2_000;

/**
 * The open event streams. An update is serialized once by the caller and written to every viewer:
 * the cost of a viewer is one socket write per update, never a snapshot.
 */
export class SseHub {
    readonly #limits: SseLimits;
    readonly #viewers = new Set<ServerResponse>();

    constructor(limits: SseLimits = SSE_LIMITS) {
        this.#limits = limits;
    }

    get size(): number {
        return this.#viewers.size;
    }

    /** Opens a stream on `res`, starting with `first` (the full state). False when full. */
    open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, first: string): boolean {
        if (this.#viewers.size >= this.#limits.maxViewers) return false;
        res.writeHead(200, {
            ...headers,
            'Content-Type': 'text/event-stream; charset=utf-8',
            'Cache-Control': 'no-store',
            // Proxies (nginx and the like) would otherwise hold events back.
            'X-Accel-Buffering': 'no',
        });
        if (req.method === 'HEAD') {
            res.end();
            return true;
        }
        res.write(`retry: ${RETRY_MS}\n\n${first}`);
        this.#viewers.add(res);
        const forget = () => this.#viewers.delete(res);
        res.on('close', forget);
        req.on('close', forget);
        return true;
    }

    /** Writes `event` (from `sseEvent`, or a `: comment\n\n`) to every viewer. */
    send(event: string): void {
        for (const res of this.#viewers) {
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
        for (const res of this.#viewers) res.end();
        this.#viewers.clear();
    }
}
