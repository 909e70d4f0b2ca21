import { afterEach, describe, expect, it } from 'vitest';
import { HEARTBEAT_TICKS } from '../../src/live-view/live-view.js';
import { EVICTED_RETRY_MS } from '../../src/live-view/sse-hub.js';
import { openEventStream } from '../helpers/sse.js';
import { START, serveFakeRun } from './fake-run.js';
import { decodeHistory, documentsOf, initOf, messagesOf, updatesOf } from './stream-documents.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});

const serve = (options: { maxViewers?: number } = {}) => serveFakeRun(cleanup, options);

describe('the live view', () => {
    it('gives a page that connects mid-run the whole run so far: history, messages, settings', async () => {
        const live = await serve();
        for (let s = 1; s <= 5; s++) {
            live.second((state) => {
                state.snapshot.done = s;
            });
            if (s === 2) live.land('2 of 10 pages done (20%)');
        }
        const stream = await live.connect();
        const init = initOf(stream);
        expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect(decodeHistory(init.history).map((point) => [point[0], point[1]])).toEqual(
            [0, 1, 2, 3, 4, 5].map((s) => [START + s * 1000, s]),
        );
        expect(init.timeline).toEqual([
            { n: 1, at: START + 2000, text: '2 of 10 pages done (20%)', terminal: false, kind: 'start' },
        ]);
        expect(init).toMatchObject({
            locale: 'en-US',
            phases: ['Crawl', 'Enrich'],
            document: { done: 5 },
            run: { actor: null, runId: null },
        });
    });

    it('sends an update when something changed, with the messages that landed since the last one, numbered', async () => {
        const live = await serve();
        const stream = await live.connect();
        live.state.snapshot.done = 3;
        live.land('1 of 10 pages done (10%)');
        live.land('2 of 10 pages done (20%)');
        live.land('3 of 10 pages done (30%)');
        live.second();
        live.second((state) => {
            state.snapshot.done = 4;
        });
        await stream.next((event) => event.event === 'update' && documentsOf(stream).at(-1)?.done === 4);
        expect(
            updatesOf(stream).map((update) => [update.changes?.done, (update.messages ?? []).map((m) => m.n)]),
        ).toEqual([
            [3, [1, 2, 3]],
            [4, []],
        ]);
    });

    it('reads the document once a tick, whatever the number of viewers', async () => {
        const live = await serve();
        const viewers = await Promise.all(Array.from({ length: 50 }, () => live.connect()));
        const before = live.state.reads;
        for (let s = 1; s <= 5; s++) {
            live.second((state) => {
                state.snapshot.done = s;
            });
        }
        await Promise.all(viewers.map((viewer) => viewer.next(() => documentsOf(viewer).at(-1)?.done === 5)));
        expect(live.state.reads - before).toBe(5);
        expect(live.view.viewers).toBe(50);
        for (const viewer of viewers) expect(documentsOf(viewer).map((doc) => doc.done)).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('sends the terminal message and the final counts at once, then keeps the final state', async () => {
        const live = await serve();
        const stream = await live.connect();
        live.state.snapshot.done = 10;
        live.land('Finished: 10 of 10 pages done · in 5 s', true);
        await stream.next((event) => event.event === 'update');
        expect(documentsOf(stream).at(-1)).toMatchObject({
            done: 10,
            status: 'finished',
            terminal: true,
            message: 'Finished: 10 of 10 pages done · in 5 s',
        });
        // Nothing is read or sent after the end but a keep-alive comment now and then.
        const reads = live.state.reads;
        live.state.snapshot.done = 99;
        for (let i = 0; i < HEARTBEAT_TICKS * 2; i++) live.second();
        const late = await openEventStream(`${live.url}events`);
        cleanup.push(() => late.close());
        await late.next((event) => event.event === 'init');
        expect(live.state.reads).toBe(reads);
        expect(updatesOf(stream)).toHaveLength(1);
        expect(initOf(late).document).toMatchObject({ done: 10, terminal: true });
        expect(await live.progressJson()).toMatchObject({ done: 10, terminal: true });
    });

    it('shows a terminal message that replaces the first one (a crash after finish()): the page ends where the run did', async () => {
        const live = await serve();
        const stream = await live.connect();
        live.state.snapshot.done = 3;
        live.land('Finished: 3 of 10 pages done · in 5 s', true);
        await stream.next((event) => event.event === 'update');
        live.state.snapshot.status = 'failed';
        live.land('Failed: 3 of 10 pages done · TypeError · in 6 s', true);
        await stream.next(() => documentsOf(stream).at(-1)?.message?.startsWith('Failed') === true);
        expect(documentsOf(stream).at(-1)).toMatchObject({ status: 'failed', terminal: true });
        expect(await live.progressJson()).toMatchObject({
            status: 'failed',
            message: 'Failed: 3 of 10 pages done · TypeError · in 6 s',
        });
    });

    it('stays bounded over a 24-hour run: the whole run in at most 600 points, the messages that matter', async () => {
        const live = await serve();
        const day = 24 * 60 * 60;
        for (let s = 1; s <= day; s++) {
            live.second((state) => {
                state.snapshot.done = s * 3;
                state.snapshot.total = day * 3;
            });
            if (s % 5 === 0) live.land(`${s * 3} of ${day * 3} pages done · 180/min · about ${day - s} s left`);
        }
        const stream = await live.connect();
        const init = initOf(stream);
        const history = decodeHistory(init.history);
        expect(history.length).toBeLessThan(600);
        expect(history[0]?.[0]).toBe(START);
        expect(history.at(-1)?.[0]).toBeGreaterThan(START + (day - 600) * 1000);
        // A steady run: its first message and its latest; the 17,278 alike between them are folded.
        expect(init.timeline.map((entry) => [entry.n, entry.kind])).toEqual([
            [1, 'start'],
            [day / 5, 'progress'],
        ]);
        expect(messagesOf(stream)).toHaveLength(2);
        // What a page opened at the end of the day downloads first.
        expect(JSON.stringify(init).length).toBeLessThan(16 * 1024);
    });

    it('past its limit, serves the new viewer and ends the oldest stream of the client holding the most', async () => {
        const live = await serve({ maxViewers: 3 });
        // A script holds two idle streams (it reads nothing it is sent); a person opens the page.
        const held = [await live.connect('127.0.0.2'), await live.connect('127.0.0.2')];
        const person = await live.connect('127.0.0.1');
        // More people come: each gets the page, and the script's streams make room, oldest first.
        const newcomer = await live.connect('127.0.0.3');
        expect(newcomer.status).toBe(200);
        await held[0]?.ended;
        expect(held[0]?.retry()).toBe(EVICTED_RETRY_MS); // its browser would come back later, not at once
        const another = await live.connect('127.0.0.4');
        await held[1]?.ended;
        expect(another.status).toBe(200);
        // The person's stream was left alone and still gets every update.
        live.second((state) => {
            state.snapshot.done = 7;
        });
        await person.next(() => documentsOf(person).at(-1)?.done === 7);
        expect(live.view.viewers).toBe(3);
        // The same client past the limit (every viewer behind one proxy): its oldest goes, nobody is locked out.
        const again = await live.connect('127.0.0.1');
        await person.ended;
        expect(again.status).toBe(200);
    });

    it('ends every stream when closed, and then says so to a new viewer', async () => {
        const live = await serve({ maxViewers: 2 });
        const [first, second] = [await live.connect(), await live.connect()];
        live.view.close();
        await Promise.all([first.ended, second.ended]);
        expect(live.running()).toBe(false);
        expect(live.listeners.size).toBe(0);
        const late = await fetch(`${live.url}events`);
        expect(late.status).toBe(503);
        expect(await late.text()).toBe('The live view is closed: it sends no more updates.\n');
    });
});
