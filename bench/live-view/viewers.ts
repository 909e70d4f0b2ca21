/**
 * Viewers of a live view, in a process of their own (as they would be in browsers elsewhere): told a
 * URL over IPC, it opens `count` event streams, says when all have their first event, and on 'close'
 * reports what each received.
 */
import { request } from 'node:http';

interface Viewer {
    bytes: number;
    updates: number;
    close: () => void;
}

function open(url: string, onFirst: () => void): Viewer {
    const viewer: Viewer = { bytes: 0, updates: 0, close: () => undefined };
    let first = true;
    const req = request(url, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
        res.on('data', (chunk: Buffer) => {
            viewer.bytes += chunk.length;
            // Counting event names is all a browser's EventSource does before parsing the JSON.
            viewer.updates += chunk.toString('latin1').split('event: update').length - 1;
            if (first && chunk.includes('event: init')) {
                first = false;
                onFirst();
            }
        });
        res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.end();
    viewer.close = () => req.destroy();
    return viewer;
}

let viewers: Viewer[] = [];
process.on('message', (message: { url?: string; count?: number; close?: boolean }) => {
    if (message.url && message.count) {
        let waiting = message.count;
        viewers = Array.from({ length: message.count }, () =>
            open(message.url as string, () => {
                waiting -= 1;
                if (waiting === 0) process.send?.({ connected: true });
            }),
        );
    } else if (message.close) {
        for (const viewer of viewers) viewer.close();
        process.send?.({ report: viewers.map(({ bytes, updates }) => ({ bytes, updates })) });
        viewers = [];
    }
});
process.send?.({ ready: true });
