/**
 * What one viewer costs on the wire: a run moving every 100 ms for `seconds`, one event stream open
 * from the start; and what the page weighs as a browser loads it.
 */
import { get } from 'node:http';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { ASSET_PATHS } from '../../src/live-view/assets.js';
import { readParams, writeResult } from '../lib/child-io.js';
import type { StreamParams, StreamResult } from './params.js';

const params = readParams<StreamParams>();

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

const reporter = new ProgressReporter({
    transport: new RecordingTransport(),
    handleExit: false,
    persistStateKey: false,
    unit: 'pages',
    total: 10_000,
    log: { info: () => undefined, warning: () => undefined },
    liveView: { port: 0 },
});
const url = (await reporter.liveViewUrl()) as string;

/** Bytes up to the end of the first event, the whole state a page gets when it connects. */
function firstEventBytes(text: string): number | undefined {
    const end = text.indexOf('\n\n', text.indexOf('event: init'));
    return text.includes('event: init') && end !== -1 ? Buffer.byteLength(text.slice(0, end + 2), 'latin1') : undefined;
}

let received = '';
const stream = get(`${url}events`, (res) => {
    res.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
    });
});
const moving = setInterval(() => reporter.advance(1), 100);
await new Promise((resolve) => setTimeout(resolve, params.seconds * 1000));
clearInterval(moving);
stream.destroy();
const initBytes = firstEventBytes(received) ?? 0;
const steadyBytes = Buffer.byteLength(received, 'latin1') - initBytes;
const updates = received.split('event: update').length - 1;
await reporter.finish();

// A page opened at the end: what its first event holds after `seconds` of history and messages.
const late = await new Promise<number>((resolve) => {
    let text = '';
    const req = get(`${url}events`, (res) => {
        res.on('data', (chunk: Buffer) => {
            text += chunk.toString('latin1');
            const bytes = firstEventBytes(text);
            if (bytes === undefined) return;
            resolve(bytes);
            req.destroy();
        });
    });
});

let pageRawBytes = 0;
let pageGzipBytes = 0;
for (const path of ASSET_PATHS) {
    pageRawBytes += await bodyBytes(`${url}${path.slice(1)}`, 'identity');
    pageGzipBytes += await bodyBytes(`${url}${path.slice(1)}`, 'gzip');
}
await reporter.closeLiveView();
const result: StreamResult = {
    initBytes: late,
    steadyBytes,
    updates,
    seconds: params.seconds,
    pageRawBytes,
    pageGzipBytes,
};
writeResult(result);
