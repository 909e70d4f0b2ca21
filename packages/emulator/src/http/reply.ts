import type { ServerResponse } from 'node:http';
import { sendJson } from '../errors.js';

/** What a handler answers; the server writes it (without the body for HEAD). */
export type Reply =
    /** `{"data": ...}`, the API's usual envelope. */
    | { type: 'data'; status: number; data: unknown; headers?: Record<string, string> }
    /** JSON without the envelope (dataset items are a bare array). */
    | { type: 'json'; status: number; json: unknown; headers?: Record<string, string> }
    /** Bytes with their content type (key-value store records, logs). */
    | { type: 'raw'; status: number; raw: Buffer; contentType: string; headers?: Record<string, string> }
    /** No body (204). */
    | { type: 'empty'; status: number }
    /** Written over time (a followed log); the function owns the response from here. */
    | { type: 'stream'; status: number; start: (res: ServerResponse) => void };

export function data(status: number, payload: unknown, headers?: Record<string, string>): Reply {
    return headers === undefined
        ? { type: 'data', status, data: payload }
        : { type: 'data', status, data: payload, headers };
}

export function noContent(): Reply {
    return { type: 'empty', status: 204 };
}

/** Writes a reply; `head` leaves the body out but keeps the headers (Content-Length included) a GET would send. */
export function sendReply(res: ServerResponse, reply: Reply, keepAlive: boolean, head: boolean): void {
    if (res.destroyed || res.writableEnded) return;
    switch (reply.type) {
        case 'data':
            sendJson(res, reply.status, { data: reply.data }, keepAlive, reply.headers, head);
            return;
        case 'json':
            sendJson(res, reply.status, reply.json, keepAlive, reply.headers, head);
            return;
        case 'raw':
            res.statusCode = reply.status;
            for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
            res.setHeader('Content-Type', reply.contentType);
            res.setHeader('Content-Length', reply.raw.length);
            if (!keepAlive) res.setHeader('Connection', 'close');
            res.end(head ? undefined : reply.raw);
            return;
        case 'empty':
            res.statusCode = reply.status;
            if (!keepAlive) res.setHeader('Connection', 'close');
            res.end();
            return;
        case 'stream':
            res.statusCode = reply.status;
            if (!keepAlive) res.setHeader('Connection', 'close');
            if (head) {
                res.end();
                return;
            }
            reply.start(res);
            return;
    }
}
