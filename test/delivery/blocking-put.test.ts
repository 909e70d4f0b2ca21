/**
 * The Apify API transport's synchronous send (a worker thread makes the PUT while this thread blocks),
 * run inside a vitest worker against the emulator in a child process: blocked, this thread could not
 * answer a request itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApifyApiTransport } from '../../src/delivery/apify-transport.js';
import { DeliveryError } from '../../src/delivery/transport.js';

const CLI = join(import.meta.dirname, '..', '..', 'packages', 'emulator', 'src', 'cli.ts');
const TOKEN = 'apify_api_blocking_put_test';
const RUN_ID = 'blockingPutRun01';

let emulator: ChildProcess;
let output = '';
let baseUrl = '';

beforeAll(async () => {
    emulator = spawn(process.execPath, ['--import', 'tsx', CLI, '--token', TOKEN, '--run-id', RUN_ID], {
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    baseUrl = await new Promise<string>((resolve, reject) => {
        emulator.stdout?.on('data', (chunk: Buffer) => {
            output += chunk;
            const match = /APIFY_API_BASE_URL='([^']+)'/.exec(output);
            if (match?.[1]) resolve(match[1]);
        });
        emulator.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
    });
});

afterAll(() => {
    emulator?.kill('SIGTERM');
});

/** Lines the emulator printed after `mark`: the status messages it accepted, and refused requests. */
async function printedAfter(mark: number, pattern: RegExp): Promise<string> {
    while (!pattern.test(output.slice(mark))) await new Promise((resolve) => setTimeout(resolve, 20));
    return output.slice(mark);
}

describe('ApifyApiTransport#sendSync', () => {
    it('lands the message while the calling thread is blocked, terminal flag and all', async () => {
        const transport = new ApifyApiTransport({ runId: RUN_ID, token: TOKEN, baseUrl });
        const mark = output.length;
        transport.sendSync(
            { statusMessage: 'Finished: 2 of 10 pages done', isStatusMessageTerminal: true },
            {
                timeoutMs: 2_000,
                attempt: 1,
            },
        );
        // It returned, so a 2xx answer came back (it throws otherwise); the emulator shows what landed.
        expect(await printedAfter(mark, /\[terminal\]/)).toMatch(/\[terminal\] Finished: 2 of 10 pages done/);
    });

    it('a refused token: throws at once with the status, no retry', async () => {
        const transport = new ApifyApiTransport({ runId: RUN_ID, token: 'apify_api_wrong', baseUrl });
        const mark = output.length;
        let failure: unknown;
        try {
            transport.sendSync({ statusMessage: 'x', isStatusMessageTerminal: true }, { timeoutMs: 2_000, attempt: 1 });
        } catch (error) {
            failure = error;
        }
        expect(failure).toBeInstanceOf(DeliveryError);
        expect(failure).toMatchObject({ statusCode: 401, kind: 'http-401', message: expect.stringMatching(/1 try/) });
        expect(await printedAfter(mark, /-> 401/)).toMatch(/PUT \/v2\/actor-runs\/blockingPutRun01 -> 401/);
    });

    it('nobody listening: retried until the time is up, then throws', () => {
        const transport = new ApifyApiTransport({ runId: RUN_ID, token: TOKEN, baseUrl: 'http://127.0.0.1:9' });
        // 2 s: a refused connection fails at once and the retries wait 100, 200, 400 ms..., so a second
        // try fits even when a loaded machine takes most of a second to start the worker thread (with
        // 300 ms, the worker's start alone left room for one try, and the test failed under load).
        expect(() =>
            transport.sendSync({ statusMessage: 'x', isStatusMessageTerminal: true }, { timeoutMs: 2_000, attempt: 1 }),
        ).toThrow(/no answer within 2000 ms at exit \(([2-9]|1\d) tries\)/);
    });
});
