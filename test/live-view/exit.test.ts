/**
 * The live view on every way a run ends, each in a real child process with viewers connected: the
 * process ends as it would without the page (the server never keeps it alive), the viewers get
 * the terminal message before their streams end, and the port is free afterwards. Exit times are
 * measured in the benchmark (`npm run bench -- live-view`); here a hang would fail.
 */
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordTiming, startFixture } from '../helpers/child-actor.js';
import { openEventStream } from '../helpers/sse.js';
import { documentsOf } from './stream-documents.js';

let emulator: PlatformEmulator;
/** A child that outlives its test (a hang) is killed, not left running. */
const started: ChildProcess[] = [];
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    for (const child of started.splice(0))
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator.close();
});

function refused(url: string): Promise<boolean> {
    const { port, hostname } = new URL(url);
    return new Promise((resolve) => {
        const socket = connect(Number(port), hostname);
        socket.once('connect', () => {
            socket.destroy();
            resolve(false);
        });
        socket.once('error', () => resolve(true));
    });
}

const cases = [
    { how: 'finish', code: 0, signal: null, terminal: /^Finished: 3 of 10 pages done · in \d+ s$/ },
    { how: 'natural', code: 0, signal: null, terminal: /^Finished: 3 of 10 pages done · in \d+ s$/ },
    { how: 'actor-exit', code: 0, signal: null, terminal: /^Finished: 3 of 10 pages done · in \d+ s$/ },
    { how: 'sigterm', code: null, signal: 'SIGTERM', terminal: /^Aborted: 3 of 10 pages done · received SIGTERM$/ },
    { how: 'crash', code: 1, signal: null, terminal: /^Failed: 3 of 10 pages done · TypeError: Cannot read/ },
    // process.exit(0) mid-run: the exit hook sends the terminal message synchronously, and the page too.
    { how: 'process-exit', code: 0, signal: null, terminal: /^Finished: 3 of 10 pages done · in \d+ s$/ },
] as const;

describe('the live view when the run ends', () => {
    it.each(cases)('$how: ends as without it, viewers get the end, the port is freed', async (expected) => {
        const run = startFixture(emulator, 'live-view-exit', [expected.how]);
        started.push(run.child);
        const url = await run.ready;
        expect(url, run.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const viewers = await Promise.all([1, 2, 3].map(() => openEventStream(`${url}events`)));
        await Promise.all(viewers.map((viewer) => viewer.next((event) => event.event === 'init')));
        run.child.kill('SIGUSR2');
        const result = await run.exited;
        recordTiming(`live view, ${expected.how}`, result);
        expect({ code: result.code, signal: result.signal }, run.output()).toEqual({
            code: expected.code,
            signal: expected.signal,
        });
        // Every stream ended with the process, none left hanging.
        await Promise.all(viewers.map((viewer) => viewer.ended));
        expect(await refused(url)).toBe(true);
        // What the Console shows is what the page showed last.
        expect(emulator.run.statusMessage).toMatch(expected.terminal);
        for (const viewer of viewers) {
            expect(documentsOf(viewer).at(-1)).toMatchObject({
                terminal: true,
                message: emulator.run.statusMessage,
                done: 3,
            });
        }
    });
});
