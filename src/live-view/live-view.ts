import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LastMessage, ProgressDocument } from '../wording/document.js';
import { DocumentDiff } from './document-changes.js';
import { createHandler, type RequestHandler } from './handler.js';
import {
    type EncodedHistory,
    encodeHistory,
    type HistoryLimits,
    type HistoryPoint,
    ProgressHistory,
} from './history.js';
import { MessageMarks } from './message-kinds.js';
import type { LiveViewSource, PageSettings, RunIdentity } from './source.js';
import { SseHub, type SseLimits, sseEvent } from './sse-hub.js';
import { MessageTimeline, type TimelineEntry } from './timeline.js';
import { publicMessage, ViewerDocuments } from './viewer-document.js';

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
/**
 * While nothing changes, an update this often all the same (the time, nothing else), so that a
 * page knows it is still in touch with a run that stalled, and proxies keep the stream open.
 */
export const HEARTBEAT_TICKS = 15;

/** What a page gets when it connects: everything so far, so a page opened mid-run has the whole run. */
export interface InitEvent {
    document: ProgressDocument;
    history: EncodedHistory;
    /** The messages that mark something and the latest one (numbered from the run's first). */
    timeline: readonly TimelineEntry[];
    locale: string;
    phases: readonly string[];
    run: RunIdentity;
}

/**
 * What a page gets when something changed (at most once a tick), or after `HEARTBEAT_TICKS` of
 * nothing: the time, and only what changed.
 */
export interface UpdateEvent {
    /** The time of the update (the document's `updatedAt`), ms since the epoch. */
    at: number;
    elapsedMs: number;
    /** The document's fields that changed; absent when none did. */
    changes?: Record<string, unknown>;
    /** The failure counts, when only they changed (see `DocumentChanges`). */
    failureCounts?: number[];
    /** Fields the document no longer has. */
    gone?: string[];
    /** The messages that landed since the last update; the last one is the document's `message`. */
    messages?: readonly TimelineEntry[];
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

/** The chart's resolution: a tenth of a unit a minute for a slow run, whole units past 100 a minute. */
function chartRate(rate: number | null): number | null {
    if (rate === null) return null;
    return rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10;
}

function pointOf(doc: ProgressDocument): HistoryPoint {
    return [
        Date.parse(doc.updatedAt),
        doc.done,
        doc.failed,
        doc.total,
        chartRate(doc.ratePerMinute),
        doc.phase?.index ?? null,
    ];
}

const NO_RUN: RunIdentity = { actor: null, runId: null };

/**
 * The live view's state and answers, without a server: the reporter's document sampled on a timer
 * (never on a request of the crawl, never per viewer), kept as a bounded history, the status
 * messages as they land, and the viewers' event streams, which get what changed, not the whole
 * document. Once the terminal message lands the state is final: the page keeps showing it for as
 * long as the process lives.
 */
export class LiveView {
    readonly #source: LiveViewSource;
    readonly #page: PageSettings;
    readonly #onError: LiveViewParts['onError'];
    readonly #history: ProgressHistory;
    readonly #timeline = new MessageTimeline();
    readonly #marks = new MessageMarks();
    readonly #viewerDocuments = new ViewerDocuments();
    readonly #diff = new DocumentDiff();
    readonly #hub: SseHub;
    readonly #stopTimer: () => void;
    readonly #stopListening: () => void;
    #document: ProgressDocument;
    /** The document as the viewers have it: what the next update's changes are made against. */
    #published: ProgressDocument;
    #pending: TimelineEntry[] = [];
    #final = false;
    #quietTicks = 0;
    #closed = false;
    readonly handler: RequestHandler;

    constructor(parts: LiveViewParts) {
        this.#source = parts.source;
        this.#page = parts.page;
        this.#onError = parts.onError;
        this.#history = new ProgressHistory(parts.history);
        this.#hub = new SseHub(parts.sse);
        this.#document = this.#sample();
        this.#published = this.#document;
        const last = this.#source.lastMessage();
        if (last) this.#timeline.add(this.#entryOf(last));
        this.#final = this.#document.terminal;
        this.#stopListening = this.#source.onMessage((message) => this.#landed(message));
        this.#stopTimer = (parts.scheduler ?? unrefScheduler).every(TICK_MS, () => this.#tick());
        this.handler = createHandler({
            document: () => this.#fresh(),
            openStream: (req, res, headers) => this.#open(req, res, headers),
            onError: (error) => this.#onError('serve', error),
        });
    }

    /** The document as the page and `/progress.json` show it now. */
    get document(): ProgressDocument {
        return this.#document;
    }

    get viewers(): number {
        return this.#hub.size;
    }

    /**
     * True once the run it shows has ended (its terminal message landed, or its document says it
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
            const document = this.#viewerDocuments.forViewers(this.#source.document());
            this.#history.add(pointOf(document));
            this.#marks.observe(document, Date.parse(document.updatedAt));
            this.#document = document;
        } catch (error) {
            this.#onError('snapshot', error);
        }
        return this.#document;
    }

    /**
     * For `/progress.json`: a script polling between ticks gets the counts of the moment. A document
     * is a few reads of counters, nothing of the crawl's requests; after the end, the final state.
     */
    #fresh(): ProgressDocument {
        return this.#final ? this.#document : this.#sample();
    }

    #tick(): void {
        if (this.#final) {
            // Nothing changes any more; the streams only need to stay open.
            this.#quietTicks += 1;
            if (this.#quietTicks % HEARTBEAT_TICKS === 0) this.#hub.send(': keepalive\n\n');
            return;
        }
        this.#sample();
        this.#push();
    }

    /**
     * A message that landed as the timeline keeps it, scrubbed as the document's message is: what it
     * marks is read from the run now.
     */
    #entryOf(message: LastMessage): Omit<TimelineEntry, 'n'> {
        const at = this.#source.now();
        const document = this.#closed || this.#final ? this.#document : this.#sample();
        const kind = this.#marks.kindOf(document, at, message.terminal);
        return { at, text: publicMessage(message.text), terminal: message.terminal, kind };
    }

    #landed(message: LastMessage): void {
        // A terminal message that replaces the first (a crash after finish(), the run's real ending
        // after the time limit's message): the run's final state is read again, not kept.
        if (message.terminal && this.#final && !this.#closed) this.#final = false;
        this.#pending.push(this.#timeline.add(this.#entryOf(message)));
        if (message.terminal && !this.#final) {
            // The final counts go out at once: the process may end right after this message.
            this.#final = true;
            this.#push();
        }
    }

    /** Sends the viewers what changed since the last update, if anything did (or a heartbeat is due). */
    #push(): void {
        const messages = this.#pending;
        this.#pending = [];
        if (this.#hub.size === 0) return;
        const document = this.#document;
        const changed = this.#diff.next(document);
        this.#published = document;
        this.#quietTicks += 1;
        if (!changed && messages.length === 0 && this.#quietTicks < HEARTBEAT_TICKS) return;
        this.#quietTicks = 0;
        const update: UpdateEvent = {
            at: Date.parse(document.updatedAt),
            elapsedMs: document.elapsedMs,
            ...changed,
            ...(messages.length > 0 ? { messages } : {}),
        };
        this.#hub.send(sseEvent('update', update));
    }

    #open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
        if (this.#closed) return false;
        // With nobody watching nothing was compared: the updates to come are against this document.
        if (this.#hub.size === 0) {
            this.#diff.reset(this.#document);
            this.#published = this.#document;
        }
        const init: InitEvent = {
            document: this.#published,
            history: encodeHistory(this.#history.points(), Date.parse(this.#document.startedAt)),
            timeline: this.#timeline.entries(),
            locale: this.#page.locale,
            phases: this.#page.phases,
            run: this.#page.run ?? NO_RUN,
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
