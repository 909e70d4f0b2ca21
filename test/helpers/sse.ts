import { request } from 'node:http';

export interface ServerSentEvent {
    event: string;
    /** The data, parsed as JSON when it is JSON. */
    data: unknown;
}

export interface EventStream {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    events: ServerSentEvent[];
    /** Bytes received, headers excluded. */
    bytes(): number;
    /** The last `retry:` the server sent: how long a browser would wait before reconnecting. */
    retry(): number | undefined;
    /** Resolves with the first event (seen or to come) that `match` accepts. */
    next(match: (event: ServerSentEvent) => boolean, timeoutMs?: number): Promise<ServerSentEvent>;
    /** Resolves when the server ends the stream or the connection drops. */
    ended: Promise<void>;
    close(): void;
}

/**
 * Opens `url` as a browser's EventSource would (GET, text/event-stream) and parses what comes.
 * `localAddress` makes it another client on loopback (127.0.0.2, ...).
 */
export function openEventStream(url: string, options: { localAddress?: string } = {}): Promise<EventStream> {
    return new Promise((resolve, reject) => {
        const headers = { Accept: 'text/event-stream' };
        const req = request(url, { headers, agent: false, ...options }, (res) => {
            const events: ServerSentEvent[] = [];
            const waiters = new Set<() => void>();
            let buffer = '';
            let bytes = 0;
            let retry: number | undefined;
            let endStream: () => void = () => {};
            const ended = new Promise<void>((done) => {
                endStream = done;
            });
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
                bytes += Buffer.byteLength(chunk);
                buffer += chunk;
                let cut = buffer.indexOf('\n\n');
                while (cut !== -1) {
                    const block = buffer.slice(0, cut);
                    buffer = buffer.slice(cut + 2);
                    cut = buffer.indexOf('\n\n');
                    const lines = block.split('\n');
                    const retryLine = lines.find((line) => line.startsWith('retry: '));
                    if (retryLine) retry = Number(retryLine.slice(7));
                    const name = lines.find((line) => line.startsWith('event: '))?.slice(7);
                    const data = lines
                        .filter((line) => line.startsWith('data: '))
                        .map((line) => line.slice(6))
                        .join('\n');
                    if (name === undefined) continue; // a comment or the retry line
                    let parsed: unknown = data;
                    try {
                        parsed = JSON.parse(data);
                    } catch {
                        // not JSON: kept as text
                    }
                    events.push({ event: name, data: parsed });
                    for (const wake of waiters) wake();
                }
            });
            let isEnded = false;
            const finish = () => {
                isEnded = true;
                endStream();
                for (const wake of waiters) wake();
            };
            res.on('end', finish);
            res.on('close', finish);
            res.on('error', finish);
            resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                events,
                bytes: () => bytes,
                retry: () => retry,
                ended,
                close: () => req.destroy(),
                next: (match, timeoutMs = 10_000) =>
                    new Promise((found, fail) => {
                        const check = () => {
                            const event = events.find(match);
                            if (event) {
                                cleanup();
                                found(event);
                            } else if (isEnded) {
                                cleanup();
                                fail(
                                    new Error(
                                        `the stream ended before the event; got ${JSON.stringify(events.map((e) => e.event))}`,
                                    ),
                                );
                            }
                        };
                        const timer = setTimeout(() => {
                            cleanup();
                            fail(new Error(`no such event within ${timeoutMs} ms; got ${events.length} events`));
                        }, timeoutMs);
                        const cleanup = () => {
                            clearTimeout(timer);
                            waiters.delete(check);
                        };
                        waiters.add(check);
                        check();
                    }),
            });
        });
        req.on('error', reject);
        req.end();
    });
}
