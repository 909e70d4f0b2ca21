import { type Agent, request } from 'node:http';
import { expect } from 'vitest';

export interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    json: unknown;
}

export interface RawRequestOptions {
    method?: string;
    headers?: Record<string, string | number>;
    body?: Buffer | string;
    agent?: Agent | false;
}

/**
 * A plain `http.request`, for what apify-client never sends (gzip, bad JSON, query tokens, unknown encodings).
 * No agent by default, so no socket outlives the test.
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
        const req = request(
            url,
            { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: options.agent ?? false },
            (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (chunk: Buffer) => chunks.push(chunk));
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: res.headers,
                        json: text ? JSON.parse(text) : undefined,
                    });
                });
                res.on('error', reject);
            },
        );
        req.on('error', reject);
        req.end(options.body);
    });
}

/** The error body the API answers with. */
export function apiError(type: string): { error: { type: string; message: unknown } } {
    return { error: { type, message: expect.any(String) } };
}

/**
 * Waits until `condition()` holds, checking every few milliseconds; for state the emulator exposes as a
 * number (websocket clients) rather than a timeline entry. Fails with `what` after a generous bound.
 */
export async function until(
    condition: () => boolean,
    what: string | (() => string),
    timeoutMs = 10_000,
): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline)
            throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}
