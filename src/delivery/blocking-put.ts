import { Worker } from 'node:worker_threads';
import { DeliveryError, refusesEveryCall } from './transport.js';

/** One PUT to send while the main thread is blocked (in a process `'exit'` listener). */
interface BlockingPut {
    /** Full URL, `http:` or `https:`. */
    url: string;
    /** Sent as `Authorization: Bearer <token>`, as apify-client does. */
    token: string;
    /** JSON text of the body. */
    body: string;
}

/** What became of a blocking PUT. */
interface BlockingPutResult {
    /** A 2xx answer came back. */
    delivered: boolean;
    /** Requests made, retries included. */
    attempts: number;
    /** Status code of the last answer, when one came. */
    statusCode: number | undefined;
    /** True when the time ran out (the worker may still be waiting for an answer). */
    timedOut: boolean;
}

// Slots of the shared Int32Array the worker writes its answer to.
const STATE = 0; // 0 while working; then one of the RESULT_* codes
const STATUS = 1;
const ATTEMPTS = 2;
const RESULT_DELIVERED = 1;
const RESULT_FAILED = 2;

/**
 * The worker's code: plain JavaScript run with `eval: true`, so it needs no build step and no
 * loader (a worker given a `.ts` path is not transformed under tsx or vitest), and only `node:http`
 * and `node:https`, so that it starts in a few tens of milliseconds. It retries 429, 5xx, network
 * errors and timeouts until its deadline, with a short backoff, on a fresh connection each time,
 * then writes the result and wakes the main thread.
 */
const WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const { url, token, body, deadlineAt } = workerData;
const transport = require(url.startsWith('https:') ? 'node:https' : 'node:http');
const state = new Int32Array(workerData.shared);
let attempts = 0;
function finish(result, status) {
    Atomics.store(state, ${STATUS}, status);
    Atomics.store(state, ${ATTEMPTS}, attempts);
    Atomics.store(state, ${STATE}, result);
    Atomics.notify(state, ${STATE});
}
function retryOrFail(status) {
    const pause = Math.min(400, 100 * 2 ** (attempts - 1));
    if (Date.now() + pause >= deadlineAt) return finish(${RESULT_FAILED}, status);
    setTimeout(attempt, pause);
}
function attempt() {
    attempts++;
    const timeout = deadlineAt - Date.now();
    if (timeout <= 0) return finish(${RESULT_FAILED}, 0);
    let settled = false;
    const request = transport.request(url, {
        method: 'PUT',
        agent: false,
        timeout,
        headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            authorization: 'Bearer ' + token,
            connection: 'close',
        },
    }, (response) => {
        response.resume();
        response.on('end', () => {
            if (settled) return;
            settled = true;
            const status = response.statusCode || 0;
            if (status >= 200 && status < 300) return finish(${RESULT_DELIVERED}, status);
            if (status === 429 || status >= 500) return retryOrFail(status);
            finish(${RESULT_FAILED}, status);
        });
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => {
        if (settled) return;
        settled = true;
        retryOrFail(0);
    });
    request.end(body);
}
attempt();
`;

/**
 * Sends one PUT and blocks the calling thread until it is answered or `timeoutMs` has passed:
 * a worker thread makes the request while this thread waits on `Atomics.wait`. Meant for the one
 * moment nothing asynchronous can run any more, a process `'exit'` listener. Never throws.
 */
function putBlocking(put: BlockingPut, timeoutMs: number): BlockingPutResult {
    const shared = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    const state = new Int32Array(shared);
    const deadlineAt = Date.now() + Math.max(0, timeoutMs);
    let worker: Worker | undefined;
    try {
        worker = new Worker(WORKER_SOURCE, {
            eval: true,
            // Not the parent's flags: `--import tsx` and the like would load a TypeScript loader
            // into the worker for nothing and slow its start.
            execArgv: [],
            workerData: { shared, url: put.url, token: put.token, body: put.body, deadlineAt },
        });
        worker.unref();
    } catch {
        return { delivered: false, attempts: 0, statusCode: undefined, timedOut: false };
    }
    // A little more than the worker's own deadline, so that its last answer is read, not cut off.
    const waitUntil = deadlineAt + 100;
    for (let left = waitUntil - Date.now(); Atomics.load(state, STATE) === 0 && left > 0; ) {
        Atomics.wait(state, STATE, 0, left);
        left = waitUntil - Date.now();
    }
    const result = Atomics.load(state, STATE);
    const statusCode = Atomics.load(state, STATUS);
    if (result === 0) void worker.terminate();
    return {
        delivered: result === RESULT_DELIVERED,
        attempts: Atomics.load(state, ATTEMPTS),
        statusCode: statusCode === 0 ? undefined : statusCode,
        timedOut: result === 0,
    };
}

/**
 * `putBlocking`, for a caller that wants a failure as an error: returns once the PUT has landed,
 * throws a (non-retryable: there is no later) `DeliveryError` when it has not within `timeoutMs`.
 */
export function putBlockingOrThrow(put: BlockingPut, timeoutMs: number): void {
    const result = putBlocking(put, timeoutMs);
    if (result.delivered) return;
    const tries = `${result.attempts} ${result.attempts === 1 ? 'try' : 'tries'}`;
    if (result.statusCode !== undefined) {
        throw new DeliveryError(`API answered ${result.statusCode} at exit (${tries})`, {
            retryable: false,
            statusCode: result.statusCode,
            kind: `http-${result.statusCode}`,
            refused: refusesEveryCall(result.statusCode),
        });
    }
    throw new DeliveryError(`no answer within ${timeoutMs} ms at exit (${tries})`, {
        retryable: false,
        kind: result.timedOut ? 'timeout' : 'network',
    });
}

/**
 * Blocks the calling thread for `ms` (nothing else runs meanwhile): for the exit hook, which waits
 * for the right moment to send the second copy of the terminal message.
 */
export function sleepBlocking(ms: number): void {
    if (ms <= 0) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)), 0, 0, ms);
}
