import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { KEEPALIVE_TICKS, LiveView, type Scheduler } from '../../src/live-view/live-view.js';
import { type ListeningServer, listen } from '../../src/live-view/server.js';
import type { LiveViewSource } from '../../src/live-view/source.js';
import { EVICTED_RETRY_MS } from '../../src/live-view/sse-hub.js';
import type { LastMessage } from '../../src/wording/document.js';
import { type EventStream, openEventStream } from '../helpers/sse.js';

const START = 1_800_000_000_000;

/** A reporter as the live view sees it, moved by hand: counts, time, and messages landing. */
function fakeSource() {
    const state = { now: START, done: 0, failed: 0, total: 10 as number | undefined, snapshots: 0 };
    let last: LastMessage | undefined;
    const listeners = new Set<(message: LastMessage) => void>();
    const source: LiveViewSource = {
        snapshot: (): ProgressSnapshot => {
            state.snapshots += 1;
            return {
                status: last?.terminal ? 'finished' : 'running',
                unit: ['page', 'pages'],
                done: state.done,
                failed: state.failed,
                retried: 0,
                items: 0,
                failures: [],
                total: state.total,
                totalIsEstimate: false,
                startedAt: START,
                now: state.now,
                elapsedMs: state.now - START,
                ratePerMinute: undefined,
                etaMs: undefined,
            };
        },
        lastMessage: () => last,
        onMessage: (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        now: () => state.now,
    };
    const land = (text: string, terminal = false) => {
        last = { text, terminal };
        for (const listener of listeners) listener(last);
    };
    return { source, state, land, listeners };
}

/** A timer moved by hand: `tick()` is one second of the live view. */
function manualScheduler() {
    let fn: (() => void) | undefined;
    const scheduler: Scheduler = {
        every: (_ms, callback) => {
            fn = callback;
            return () => {
                fn = undefined;
            };
        },
    };
    return { scheduler, tick: () => fn?.(), running: () => fn !== undefined };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});

async function serve(options: { maxViewers?: number } = {}) {
    const fake = fakeSource();
    const timer = manualScheduler();
    const view = new LiveView({
        source: fake.source,
        page: { locale: 'en-US', phases: ['Crawl', 'Enrich'] },
        scheduler: timer.scheduler,
        sse: { maxViewers: options.maxViewers ?? 100, maxBufferedBytes: 1 << 20 },
        onError: (kind, error) => {
            throw new Error(`${kind}: ${String(error)}`);
        },
    });
    const server: ListeningServer = await listen(view.handler, 0, '127.0.0.1');
    cleanup.push(
        () => view.close(),
        () => server.close(),
    );
    const url = `http://127.0.0.1:${server.port}/`;
    const streams: EventStream[] = [];
    const connect = async (localAddress?: string) => {
        const stream = await openEventStream(`${url}events`, localAddress === undefined ? {} : { localAddress });
        streams.push(stream);
        cleanup.push(() => stream.close());
        await stream.next((event) => event.event === 'init');
        return stream;
    };
    return { ...fake, ...timer, view, url, connect, streams };
}

type Doc = { done: number; terminal: boolean; message: string | null; status: string };
type Update = { document: Doc; messages: { n: number; text: string; terminal: boolean }[] };
const updates = (stream: EventStream) => stream.events.filter((e) => e.event === 'update').map((e) => e.data as Update);

describe('the live view', () => {
    it('gives a page that connects mid-run the whole run so far: history, messages, settings', async () => {
        const live = await serve();
        for (let s = 1; s <= 5; s++) {
            live.state.now = START + s * 1000;
            live.state.done = s;
            if (s === 2) live.land('2 of 10 pages done (20%)');
            live.tick();
        }
        const stream = await live.connect();
        const init = stream.events[0]?.data as Record<string, unknown>;
        expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect((init.history as number[][]).map((point) => point[1])).toEqual([0, 1, 2, 3, 4, 5]);
        expect(init.timeline).toEqual([{ n: 1, at: START + 2000, text: '2 of 10 pages done (20%)', terminal: false }]);
        expect(init).toMatchObject({ locale: 'en-US', phases: ['Crawl', 'Enrich'], document: { done: 5 } });
    });

    it('sends one update a tick, with the messages that landed since the last one, numbered', async () => {
        const live = await serve();
        const stream = await live.connect();
        live.state.done = 3;
        live.land('1 of 10 pages done (10%)');
        live.land('2 of 10 pages done (20%)');
        live.land('3 of 10 pages done (30%)');
        live.tick();
        await stream.next((event) => event.event === 'update');
        live.state.done = 4;
        live.tick();
        await stream.next((event) => event.event === 'update' && (event.data as Update).document.done === 4);
        expect(updates(stream).map((update) => [update.document.done, update.messages.map((m) => m.n)])).toEqual([
            [3, [1, 2, 3]],
            [4, []],
        ]);
    });

    it('reads the snapshot once a tick, whatever the number of viewers', async () => {
        const live = await serve();
        const viewers = await Promise.all(Array.from({ length: 50 }, () => live.connect()));
        const before = live.state.snapshots;
        for (let s = 1; s <= 5; s++) {
            live.state.done = s;
            live.tick();
        }
        await Promise.all(
            viewers.map((viewer) =>
                viewer.next((event) => event.event === 'update' && (event.data as Update).document.done === 5),
            ),
        );
        expect(live.state.snapshots - before).toBe(5);
        expect(live.view.viewers).toBe(50);
        for (const viewer of viewers) expect(updates(viewer).map((u) => u.document.done)).toEqual([1, 2, 3, 4, 5]);
    });

    it('sends the terminal message and the final counts at once, then keeps the final state', async () => {
        const live = await serve();
        const stream = await live.connect();
        live.state.done = 10;
        live.land('Finished: 10 of 10 pages done · in 5 s', true);
        const final = await stream.next((event) => event.event === 'update');
        expect((final.data as Update).document).toMatchObject({
            done: 10,
            status: 'finished',
            terminal: true,
            message: 'Finished: 10 of 10 pages done · in 5 s',
        });
        // Nothing is sampled or sent after the end but a keep-alive comment now and then.
        const snapshots = live.state.snapshots;
        live.state.done = 99;
        for (let i = 0; i < KEEPALIVE_TICKS * 2; i++) live.tick();
        const late = await openEventStream(`${live.url}events`);
        cleanup.push(() => late.close());
        await late.next((event) => event.event === 'init');
        expect(live.state.snapshots).toBe(snapshots);
        expect(updates(stream)).toHaveLength(1);
        expect((late.events[0]?.data as { document: Doc } | undefined)?.document).toMatchObject({
            done: 10,
            terminal: true,
        });
        const progress = (await (await fetch(`${live.url}progress.json`)).json()) as Doc;
        expect(progress).toMatchObject({ done: 10, terminal: true });
    });

    it('stays bounded over a 24-hour run: the whole run in at most 600 points, the last 100 messages', async () => {
        const live = await serve();
        const day = 24 * 60 * 60;
        for (let s = 1; s <= day; s++) {
            live.state.now = START + s * 1000;
            live.state.done = s * 3;
            live.state.total = day * 3;
            if (s % 5 === 0) live.land(`${s * 3} of ${day * 3} pages done · 180/min · about ${day - s} s left`);
            live.tick();
        }
        const stream = await live.connect();
        const init = stream.events[0]?.data as { history: number[][]; timeline: { n: number }[] };
        expect(init.history.length).toBeLessThan(600);
        expect(init.history[0]?.[0]).toBe(START);
        expect(init.history.at(-1)?.[0]).toBeGreaterThan(START + (day - 600) * 1000);
        expect(init.timeline.map((entry) => entry.n)).toEqual(Array.from({ length: 100 }, (_, i) => day / 5 - 99 + i));
        // What a page opened at the end of the day downloads first.
        expect(JSON.stringify(init).length).toBeLessThan(48 * 1024);
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
        live.state.done = 7;
        live.tick();
        await person.next((event) => event.event === 'update' && (event.data as Update).document.done === 7);
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
