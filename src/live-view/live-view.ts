import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import { type LastMessage, type ProgressDocument, toProgressDocument } from '../wording/document.js';
import { createHandler, type RequestHandler } from './handler.js';
import { type HistoryLimits, type HistoryPoint, ProgressHistory } from './history.js';
import type { LiveViewSource, PageSettings } from './source.js';
import { SseHub, type SseLimits, sseEvent } from './sse-hub.js';
import { MessageTimeline, type TimelineEntry } from './timeline.js';

/** Runs `fn` every `ms`; returns the function that stops it. Injected so tests can drive time. */
export interface Scheduler {
    every(ms: number, fn: () => void): () => void;
}

/** A timer that never keeps the process alive. */
const unrefScheduler: Scheduler = {
    every(ms, fn) {
        const timer = setInterval(fn, ms);
        timer.unref();
        return () => clearInterval(timer);
    },
};

/** How often the snapshot is read and the viewers updated: at most one update a second each. */
const TICK_MS = 1_000;
/** After the end, a comment this often keeps proxies from closing the idle streams. */
export const KEEPALIVE_TICKS = 15;

/** What a page gets when it connects: everything so far, so a page opened mid-run has the whole run. */
interface InitEvent {
    document: ProgressDocument;
    history: readonly HistoryPoint[];
    /** The last messages (numbered from the run's first: earlier ones are no longer kept). */
    timeline: readonly TimelineEntry[];
    locale: string;
    phases: readonly string[];
}

/** What a page gets every tick: the snapshot, and the messages that landed since the last update. */
interface UpdateEvent {
    document: ProgressDocument;
    messages: readonly TimelineEntry[];
}

interface LiveViewParts {
    source: LiveViewSource;
    page: PageSettings;
    scheduler?: Scheduler;
    history?: HistoryLimits;
    sse?: SseLimits;
    /** Told once of each kind of failure (a snapshot that threw, a file that could not be read). */
    onError: (kind: string, error: unknown) => void;
}

function pointOf(snapshot: ProgressSnapshot): HistoryPoint {
    const rate = snapshot.ratePerMinute === undefined ? null : Math.round(snapshot.ratePerMinute * 10) / 10;
    return [snapshot.now, snapshot.done, snapshot.failed, snapshot.total ?? null, rate];
}

/**
 * The live view's state and answers, without a server: the reporter's snapshot sampled on a timer
 * (never on a request of the crawl, never per viewer), kept as a bounded history, the status
 * messages as they land, and the viewers' event streams. Once the terminal message lands the
 * state is final: the page keeps showing it for as long as the process lives.
 */
export class LiveView {
    readonly #source: LiveViewSource;
    readonly #page: PageSettings;
    readonly #onError: LiveViewParts['onError'];
    readonly #history: ProgressHistory;
    readonly #timeline = new MessageTimeline();
    readonly #hub: SseHub;
    readonly #stopTimer: () => void;
    readonly #stopListening: () => void;
    #document: ProgressDocument;
    #pending: TimelineEntry[] = [];
    #final = false;
    #idleTicks = 0;
    #closed = false;
    readonly handler: RequestHandler;

    constructor(parts: LiveViewParts) {
        this.#source = parts.source;
        this.#page = parts.page;
        this.#onError = parts.onError;
        this.#history = new ProgressHistory(parts.history);
        this.#hub = new SseHub(parts.sse);
        const last = this.#source.lastMessage();
        if (last) this.#timeline.add({ at: this.#source.now(), text: last.text, terminal: last.terminal });
        this.#document = this.#sample();
        this.#final = this.#document.terminal;
        this.#stopListening = this.#source.onMessage((message) => this.#landed(message));
        this.#stopTimer = (parts.scheduler ?? unrefScheduler).every(TICK_MS, () => this.#tick());
        this.handler = createHandler({
            document: () => this.#fresh(),
            openStream: (req, res, headers) => this.#open(req, res, headers),
            onError: (error) => this.#onError('serve', error),
        });
    }

    /** The snapshot as the page and `/progress.json` show it now. */
    get document(): ProgressDocument {
        return this.#document;
    }

    get viewers(): number {
        return this.#hub.size;
    }

    /**
     * True once the run it shows has ended (its terminal message landed, or its snapshot says it
     * ended) or the view was closed: another reporter of the process may take its port.
     */
    get ended(): boolean {
        if (this.#final || this.#closed) return true;
        const { status } = this.#fresh();
        return status !== 'running' && status !== 'migrating';
    }

    /** The chart's points so far. */
    history(): readonly HistoryPoint[] {
        return this.#history.points();
    }

    #sample(): ProgressDocument {
        try {
            const snapshot = this.#source.snapshot();
            this.#history.add(pointOf(snapshot));
            this.#document = toProgressDocument(snapshot, this.#source.lastMessage());
        } catch (error) {
            this.#onError('snapshot', error);
        }
        return this.#document;
    }

    /**
     * For `/progress.json`: a script polling between ticks gets the counts of the moment. A snapshot
     * is a few reads of counters, nothing of the crawl's requests; after the end, the final state.
     */
    #fresh(): ProgressDocument {
        return this.#final ? this.#document : this.#sample();
    }

    #tick(): void {
        if (this.#final) {
            // Nothing changes any more; the streams only need to stay open.
            this.#idleTicks += 1;
            if (this.#idleTicks % KEEPALIVE_TICKS === 0) this.#hub.send(': keepalive\n\n');
            return;
        }
        this.#sample();
        this.#push();
    }

    #landed(message: LastMessage): void {
        this.#pending.push(
            this.#timeline.add({ at: this.#source.now(), text: message.text, terminal: message.terminal }),
        );
        if (message.terminal && !this.#final) {
            // The final counts go out at once: the process may end right after this message.
            this.#sample();
            this.#final = true;
            this.#push();
        }
    }

    #push(): void {
        const messages = this.#pending;
        this.#pending = [];
        if (this.#hub.size === 0) return;
        const update: UpdateEvent = { document: this.#document, messages };
        this.#hub.send(sseEvent('update', update));
    }

    #open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
        if (this.#closed) return false;
        const init: InitEvent = {
            document: this.#document,
            history: this.#history.points(),
            timeline: this.#timeline.entries(),
            locale: this.#page.locale,
            phases: this.#page.phases,
        };
        this.#hub.open(req, res, headers, sseEvent('init', init));
        return true;
    }

    /** Stops sampling and ends the viewers' streams. Idempotent. */
    close(): void {
        if (this.#closed) return;
        this.#closed = true;
        this.#stopTimer();
        this.#stopListening();
        this.#hub.closeAll();
    }
}
