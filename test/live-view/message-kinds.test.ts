/** What each status message marks, as the page's timeline shows it. */
import { afterEach, describe, expect, it } from 'vitest';
import { serveFakeRun } from './fake-run.js';
import { messagesOf } from './stream-documents.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});

describe('what a status message marks', () => {
    it('tells the start, steps, stalls, the moves after them, migrations, bursts of failures and the end apart', async () => {
        const live = await serveFakeRun(cleanup);
        const stream = await live.connect();
        const seconds = (n: number, change: (done: number) => void = () => undefined) => {
            for (let i = 0; i < n; i++) live.second(() => change(i));
        };
        live.land('Starting');
        seconds(5, (i) => {
            live.state.snapshot.done = i + 1;
        });
        live.land('5 of 10 pages done');
        // 70 s without a count moving: the first message of the stall marks it, the next ones do not.
        seconds(70);
        live.land('5 of 10 pages done · no progress for 1 min');
        seconds(5);
        live.land('5 of 10 pages done · no progress for 1 min');
        seconds(1, () => {
            live.state.snapshot.done = 6;
        });
        live.land('6 of 10 pages done');
        seconds(1, () => {
            Object.assign(live.state.snapshot, { failed: 4, done: 7 });
        });
        live.land('7 of 10 pages done · 4 failed');
        seconds(1, () => {
            Object.assign(live.state.snapshot, { failed: 5, done: 20 });
        });
        live.land('20 of 10 pages done · 5 failed');
        seconds(1, () => {
            Object.assign(live.state.snapshot, {
                phase: { name: 'Enrich', index: 2, count: 2 },
                completedPhases: [{ name: 'Crawl', done: 20, failed: 5, total: 25 }],
                done: 0,
                failed: 0,
            });
        });
        live.land('Step 2 of 2: Enrich');
        seconds(1, () => {
            Object.assign(live.state.snapshot, { status: 'migrating' });
        });
        live.land('Migrating to another server');
        live.land('Finished: 25 pages', true);
        await stream.next(() => messagesOf(stream).some((entry) => entry.terminal));
        expect(messagesOf(stream).map((entry) => [entry.text, entry.kind])).toEqual([
            ['Starting', 'start'],
            ['5 of 10 pages done', 'progress'],
            ['5 of 10 pages done · no progress for 1 min', 'stall'],
            ['5 of 10 pages done · no progress for 1 min', 'progress'],
            ['6 of 10 pages done', 'resumed'],
            ['7 of 10 pages done · 4 failed', 'failures'],
            ['20 of 10 pages done · 5 failed', 'progress'],
            ['Step 2 of 2: Enrich', 'step'],
            ['Migrating to another server', 'migrating'],
            ['Finished: 25 pages', 'terminal'],
        ]);
    });
});
