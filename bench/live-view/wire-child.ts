/**
 * What one viewer costs on the wire, on the hard run of wire-scenario.ts driven second by second
 * (a day of it takes a few seconds): the live view itself over real HTTP, its timer moved by hand,
 * a real event stream reading it. Also what the page weighs as a browser loads it.
 */
import { get } from 'node:http';
import { ASSET_PATHS } from '../../src/live-view/assets.js';
import { LiveView, type Scheduler } from '../../src/live-view/live-view.js';
import { listen } from '../../src/live-view/server.js';
import { sseEvent } from '../../src/live-view/sse-hub.js';
import { type LastMessage, toProgressDocument } from '../../src/wording/document.js';
import { openEventStream } from '../../test/helpers/sse.js';
import { readParams, sleep, writeResult } from '../lib/child-io.js';
import type { WireParams, WireResult } from './params.js';
import { MESSAGE_EVERY_S, messageAt, START, snapshotAt } from './wire-scenario.js';

const params = readParams<WireParams>();

/** Bytes of the body as sent (no decompression). */
function bodyBytes(url: string, encoding: string): Promise<number> {
    return new Promise((resolve, reject) => {
        get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
            let bytes = 0;
            res.on('data', (chunk: Buffer) => {
                bytes += chunk.length;
            });
            res.on('end', () => resolve(bytes));
        }).on('error', reject);
    });
}

let second = 0;
let quiet = false;
let last: LastMessage | undefined;
const listeners = new Set<(message: LastMessage) => void>();
let tick: () => void = () => undefined;
const scheduler: Scheduler = {
    every: (_ms, fn) => {
        tick = fn;
        return () => undefined;
    },
};
const document = () => toProgressDocument({ ...snapshotAt(quiet ? 600 : second), now: START + second * 1000 }, last);
const view = new LiveView({
    source: {
        document,
        lastMessage: () => last,
        onMessage: (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        now: () => START + second * 1000,
    },
    page: { locale: 'en-US', phases: [] },
    scheduler,
    onError: (kind, error) => {
        throw new Error(`${kind}: ${String(error)}`);
    },
});
const server = await listen(view.handler, 0, '127.0.0.1');
const url = `http://127.0.0.1:${server.port}/`;

/**
 * Moves the run on to `target` seconds. `fullDocumentBytes` counts what the same seconds would have
 * cost sent as before this change: the whole document with the messages, every second.
 */
let fullDocumentBytes = 0;
let pending: LastMessage[] = [];
/** The last 100 messages, numbered, as the first event held them before this change. */
const lastHundred: { n: number; at: number; text: string; terminal: boolean }[] = [];
let landed = 0;
function runTo(target: number): void {
    while (second < target) {
        second += 1;
        if (!quiet && second % MESSAGE_EVERY_S === 0) {
            last = { text: messageAt(second), terminal: false };
            pending.push(last);
            landed += 1;
            lastHundred.push({ n: landed, at: START + second * 1000, ...last });
            if (lastHundred.length > 100) lastHundred.shift();
            for (const listener of listeners) listener(last);
        }
        tick();
        fullDocumentBytes += Buffer.byteLength(sseEvent('update', { document: document(), messages: pending }));
        pending = [];
    }
}

/**
 * The first event of a page opened now: the whole state; and what it was before this change, from
 * the same state: the document, every point of the history as it is kept, the last 100 messages.
 */
async function firstEventBytes(): Promise<{ bytes: number; before: number }> {
    const stream = await openEventStream(`${url}events`);
    await stream.next((event) => event.event === 'init');
    const bytes = stream.bytes();
    stream.close();
    const history = view.history().map((point) => point.slice(0, 5));
    const init = { document: document(), history, timeline: lastHundred, locale: 'en-US', phases: [] };
    return { bytes, before: Buffer.byteLength(`retry: 2000\n\n${sseEvent('init', init)}`) };
}

/** Bytes one viewer receives over the next `seconds` of the run, after its first event. */
async function bytesOver(seconds: number): Promise<{ bytes: number; updates: number; fullDocument: number }> {
    const stream = await openEventStream(`${url}events`);
    await stream.next((event) => event.event === 'init');
    const before = stream.bytes();
    fullDocumentBytes = 0;
    const target = second + seconds;
    runTo(target);
    // Moving, the last second's update marks the end of what the seconds sent; standing still there
    // is none: the socket is given the time to bring what was written (all of it, on loopback).
    if (quiet) await sleep(300);
    else
        await stream.next(
            (event) => event.event === 'update' && (event.data as { at: number }).at === START + target * 1000,
        );
    const bytes = stream.bytes() - before;
    const updates = stream.events.filter((event) => event.event === 'update').length;
    stream.close();
    return { bytes, updates, fullDocument: fullDocumentBytes };
}

runTo(params.lateAfterSeconds);
const lateAfter10Min = await firstEventBytes();
const moving = await bytesOver(params.seconds);
runTo(24 * 3600);
const lateAfterDay = await firstEventBytes();
// The run stands still (a stall): nothing moves, no message lands.
quiet = true;
const still = await bytesOver(params.seconds - 1);

let pageRawBytes = 0;
let pageGzipBytes = 0;
for (const path of ASSET_PATHS) {
    pageRawBytes += await bodyBytes(`${url}${path.slice(1)}`, 'identity');
    pageGzipBytes += await bodyBytes(`${url}${path.slice(1)}`, 'gzip');
}
view.close();
await server.close();
const result: WireResult = {
    seconds: params.seconds,
    movingBytes: moving.bytes,
    movingUpdates: moving.updates,
    fullDocumentBytes: moving.fullDocument,
    stillBytes: still.bytes,
    stillSeconds: params.seconds - 1,
    lateAfter10Min: lateAfter10Min.bytes,
    lateAfterDay: lateAfterDay.bytes,
    lateAfter10MinBefore: lateAfter10Min.before,
    lateAfterDayBefore: lateAfterDay.before,
    messageLength: messageAt(params.lateAfterSeconds).length,
    reasons: snapshotAt(params.lateAfterSeconds).failures.length,
    pageRawBytes,
    pageGzipBytes,
};
writeResult(result);
