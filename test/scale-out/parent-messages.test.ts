/**
 * What a parent says about its children, on the wire: real reporters for the children (their
 * messages and progress records go to the emulator through apify-client), a real reporter for the
 * parent reading them back through the API.
 */

import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
    ApifyApiTransport,
    ProgressReporter,
    type ProgressReporterOptions,
    RecordingTransport,
} from '../../src/index.js';

let emu: PlatformEmulator;
const reporters: ProgressReporter[] = [];

beforeEach(async () => {
    emu = await PlatformEmulator.start();
    // The parent reads its children with the token and API of its environment.
    vi.stubEnv('APIFY_TOKEN', emu.token);
    vi.stubEnv('APIFY_API_BASE_URL', emu.url);
});

afterEach(async () => {
    for (const reporter of reporters.splice(0)) {
        reporter.detachExitHandlers();
        await reporter.closeLiveView();
    }
    vi.unstubAllEnvs();
    await emu.close();
});

function parentReporter() {
    const transport = new RecordingTransport();
    const warnings: string[] = [];
    const reporter = new ProgressReporter({
        transport,
        intervalSecs: 0.2,
        handleExit: false,
        progressRecord: false,
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
    });
    reporters.push(reporter);
    return { reporter, transport, warnings };
}

/** A child run's own reporter, writing to its run on the emulator (its status message and its PROGRESS record). */
function childReporter(run: EmulatedRun, options: ProgressReporterOptions = {}) {
    const reporter = new ProgressReporter({
        transport: new ApifyApiTransport({ runId: run.id, token: run.token, baseUrl: emu.url }),
        intervalSecs: 0.1,
        handleExit: false,
        progressRecord: false,
        log: { info: () => undefined, warning: () => undefined },
        ...options,
    });
    reporters.push(reporter);
    return reporter;
}

const POLL = { timeout: 10_000, interval: 50 };

describe("a parent's messages about its children", () => {
    it('reads a child that works in steps by the counts of its step, not "Step 1 of 2"', async () => {
        const run = await emu.createRun({ actorId: 'child' });
        const child = childReporter(run, { phases: ['Listing', 'Details'] });
        const { reporter, transport } = parentReporter();
        reporter.followRuns([{ id: run.id, label: 'child' } as never], { runs: 1 });
        child.phase('Listing', { total: 100, unit: 'pages' });
        child.advance(60);
        await child.flush();
        expect(run.statusMessages().at(-1)?.message).toBe('Step 1 of 2 · Listing: 60 of 100 pages done (60%)');
        // Step 2 is still to come: its pages are not in the total yet.
        await expect.poll(() => transport.messages.at(-1), POLL).toBe('0 of 1 run finished · 60 of at least 100 pages');
        expect(transport.messages.filter((message) => / of 2 pages/.test(message))).toEqual([]);
    });

    it('says how many pages failed and why, while they run and at the end, for the sum and each run', async () => {
        const [a, b] = [await emu.createRun({ actorId: 'child' }), await emu.createRun({ actorId: 'child' })];
        const [childA, childB] = [childReporter(a, { unit: 'pages' }), childReporter(b, { unit: 'pages' })];
        childA.setTotal(100);
        childB.setTotal(100);
        const { reporter, transport } = parentReporter();
        const follower = reporter.followRuns(
            [
                { id: a.id, label: 'A' },
                { id: b.id, label: 'B' },
            ] as never,
            { runs: 2 },
        );
        childA.advance(40);
        childA.fail(10, 'HTTP 500');
        childB.advance(50);
        await Promise.all([childA.flush(), childB.flush()]);
        await expect
            .poll(() => transport.messages.at(-1), POLL)
            .toBe('0 of 2 runs finished · 90 of 200 pages · 10 failed (HTTP 500)');
        childB.fail(2, new Error('x'));
        await childA.finish();
        a.finish(0);
        await childB.finish();
        b.finish(0);
        await follower.whenAllEnded();
        await reporter.finish();
        expect(transport.messages.at(-1)).toBe(
            'All 2 runs finished · 90 of 200 pages · 12 failed (10 × HTTP 500, 2 × Error in the handler) · A: finished, 40 pages, 10 failed (HTTP 500); B: finished, 50 pages, 2 failed (Error in the handler)',
        );
    });

    it('keeps a run id that does not exist as a run not found, with one warning', async () => {
        const { reporter, transport, warnings } = parentReporter();
        const follower = reporter.followRuns(['typoInRunId00001'], { runs: 1 });
        const runs = await follower.whenAllEnded();
        expect(runs).toEqual([expect.objectContaining({ runId: 'typoInRunId00001', state: 'not-found' })]);
        await reporter.finish();
        expect(transport.messages.at(-1)).toBe(
            'Finished: 0 of 1 run ended (1 not found) · typoInRunId00001: not found',
        );
        expect(warnings).toEqual([
            'Child run typoInRunId00001 was not found (404): it is not followed. Check the run id, and that the token may read it.',
        ]);
    });

    it('keeps what a try did when apify-orchestrator runs it again under the same name', async () => {
        const { reporter, transport } = parentReporter();
        const follower = reporter.followRuns([], { runs: 1 });
        const first = await emu.createRun({ actorId: 'child' });
        const firstTry = childReporter(first, { unit: 'pages' });
        firstTry.setTotal(100);
        follower.onUpdate({ 'crawl-1': { runId: first.id, status: 'RUNNING' } } as never, 'crawl-1', {
            id: first.id,
            status: 'RUNNING',
        } as never);
        firstTry.advance(50);
        await firstTry.flush();
        await expect.poll(() => transport.messages.at(-1), POLL).toBe('0 of 1 run finished · 50 of 100 pages');
        await firstTry.end({ status: 'failed', reason: 'crashed' });
        first.finish(1);

        const second = await emu.createRun({ actorId: 'child' });
        const retry = childReporter(second, { unit: 'pages' });
        retry.setTotal(100);
        follower.onUpdate({ 'crawl-1': { runId: second.id, status: 'RUNNING' } } as never, 'crawl-1', {
            id: second.id,
            status: 'RUNNING',
        } as never);
        retry.advance(30);
        await retry.flush();
        await expect
            .poll(() => transport.messages.at(-1), POLL)
            .toBe('0 of 1 run finished · 80 of 150 pages · 1 run retried');
        retry.advance(70);
        await retry.finish();
        second.finish(0);
        // As apify-orchestrator reports an ended run: with the run object it read (its last message in it).
        follower.onUpdate(
            { 'crawl-1': { runId: second.id, status: 'SUCCEEDED' } } as never,
            'crawl-1',
            second.info as never,
        );
        await follower.whenAllEnded();
        await reporter.finish();
        expect(transport.messages.at(-1)).toBe(
            'All 1 run finished · 1 run retried · 150 of 150 pages · crawl-1 (try 1): failed (exit code 1), 50 pages; crawl-1 (try 2): finished, 100 pages',
        );
    });

    it('never counts as done the pages a killed worker handled and did not say how: one of them failed', async () => {
        const workers = [
            await emu.createRun({ actorId: 'worker' }),
            await emu.createRun({ actorId: 'worker' }),
            await emu.createRun({ actorId: 'worker' }),
        ] as const;
        const say = (run: EmulatedRun, statusMessage: string, isStatusMessageTerminal = false) =>
            new ApifyClient({ baseUrl: emu.url, token: run.token, maxRetries: 0 })
                .run(run.id)
                .update({ statusMessage, isStatusMessageTerminal });
        const { reporter, transport } = parentReporter();
        const follower = reporter.followRuns(
            workers.map((run, index) => ({ id: run.id, label: `worker ${index + 1}` })) as never,
            { runs: 3 },
        );
        // Worker 2 is seen at 30 pages, goes on to 47 done and 1 failed for good, and is killed (SIGKILL)
        // before it says so: the platform's own word replaces its message.
        await say(workers[1], '85 of at least 158 pages handled across 3 runs · this run 30 · 31 items');
        await expect.poll(() => transport.messages.at(-1), POLL).toMatch(/ · 30 of at least 158 pages$/);
        workers[1].finish(137);
        const ended = (done: number) =>
            `Finished: 302 of 302 pages handled across 3 runs, the queue was empty when this run ended · this run ${done} · ${done} items · 1 failed here (HTTP 500)`;
        await say(workers[0], ended(99), true);
        workers[0].finish(0);
        await say(workers[2], ended(153), true);
        workers[2].finish(0);
        await follower.whenAllEnded();
        await reporter.finish();

        // The truth: 299 done (99 + 47 + 153), 3 failed, 302 handled.
        expect(transport.messages.at(-1)).toBe(
            'All 3 runs ended: 2 finished, 1 failed · 302 of 302 pages handled: at least 282 done, at least 2 failed (HTTP 500) · worker 1: finished, 99 pages, 1 failed (HTTP 500); worker 2: failed (exit code 137), at least 30 pages; worker 3: finished, 153 pages, 1 failed (HTTP 500)',
        );
        // No message ever said more pages done than were, nor went back on what it said.
        const said = transport.messages.map((message) => {
            const match = / · (\d+) of (?:at least )?\d+ pages(?: handled: at least (\d+) done)?/.exec(message);
            return match ? Number(match[2] ?? match[1]) : 0;
        });
        expect(Math.max(...said), transport.messages.join('\n')).toBeLessThanOrEqual(299);
        expect(said, transport.messages.join('\n')).toEqual([...said].sort((a, b) => a - b));
    });
});
