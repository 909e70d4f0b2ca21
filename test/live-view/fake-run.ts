/**
 * A run as the live view sees it, moved by hand (counts, time, messages landing, fields a document
 * may gain), and a live view of it served over real HTTP with a timer moved by hand: `tick()` is
 * one second of the live view.
 */
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { LiveView, type Scheduler } from '../../src/live-view/live-view.js';
import { type ListeningServer, listen } from '../../src/live-view/server.js';
import type { LiveViewSource, PageSettings } from '../../src/live-view/source.js';
import { type LastMessage, type ProgressDocument, toProgressDocument } from '../../src/wording/document.js';
import { type EventStream, openEventStream } from '../helpers/sse.js';

export const START = 1_800_000_000_000;

export interface FakeRunState {
    now: number;
    /** Documents read so far. */
    reads: number;
    /** The snapshot's fields, changed by hand. */
    snapshot: Partial<ProgressSnapshot>;
    /** Fields the document carries beyond today's (`charged`, `projectedTotal`, ...). */
    extra: Partial<ProgressDocument>;
}

export function fakeRun() {
    const state: FakeRunState = { now: START, reads: 0, snapshot: { done: 0, failed: 0, total: 10 }, extra: {} };
    let last: LastMessage | undefined;
    const listeners = new Set<(message: LastMessage) => void>();
    const snapshot = (): ProgressSnapshot => ({
        status: last?.terminal ? 'finished' : 'running',
        unit: ['page', 'pages'],
        done: 0,
        failed: 0,
        retried: 0,
        items: 0,
        failures: [],
        total: 10,
        totalIsEstimate: false,
        startedAt: START,
        now: state.now,
        elapsedMs: state.now - START,
        ratePerMinute: undefined,
        etaMs: undefined,
        ...state.snapshot,
    });
    const source: LiveViewSource = {
        document: () => {
            state.reads += 1;
            return { ...toProgressDocument(snapshot(), last), ...state.extra };
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

/** A timer moved by hand. */
export function manualScheduler() {
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

export interface ServeOptions {
    maxViewers?: number;
    page?: PageSettings;
}

/** Serves a live view of a fake run on a port of the system's choosing; `cleanup` gets what ends it. */
export async function serveFakeRun(cleanup: (() => unknown)[], options: ServeOptions = {}) {
    const fake = fakeRun();
    const timer = manualScheduler();
    const view = new LiveView({
        source: fake.source,
        page: options.page ?? { locale: 'en-US', phases: ['Crawl', 'Enrich'] },
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
    const connect = async (localAddress?: string) => {
        const stream = await openEventStream(`${url}events`, localAddress === undefined ? {} : { localAddress });
        cleanup.push(() => stream.close());
        await stream.next((event) => event.event === 'init');
        return stream;
    };
    /** One second of the run: the clock moves, then the live view ticks. */
    const second = (change: (state: FakeRunState) => void = () => undefined) => {
        fake.state.now += 1000;
        change(fake.state);
        timer.tick();
    };
    const progressJson = async () => (await (await fetch(`${url}progress.json`)).json()) as Record<string, unknown>;
    return { ...fake, ...timer, view, url, connect, second, progressJson };
}

/** Waits until `stream` has received `count` events. */
export function eventCount(stream: EventStream, count: number) {
    return stream.next(() => stream.events.length >= count);
}
