/**
 * What a page makes of a live view's event stream: the document after each event (the whole one
 * when it connects, then each update's changes applied, as src/live-view/page/state.js does), and the
 * status messages it was sent. Tests compare these with /progress.json, as a user compares the page
 * with the data.
 */
import type { EventStream } from '../helpers/sse.js';

export interface Doc {
    status: string;
    done: number;
    failed: number;
    total: number | null;
    message: string | null;
    terminal: boolean;
    updatedAt: string;
    elapsedMs: number;
    failures: { reason: string; count: number }[];
    reason: string | null;
    [field: string]: unknown;
}

export interface Entry {
    n: number;
    at: number;
    text: string;
    terminal: boolean;
    kind: string;
}

export interface Update {
    at: number;
    elapsedMs: number;
    changes?: Record<string, unknown>;
    failureCounts?: number[];
    gone?: string[];
    messages?: Entry[];
}

export interface Init {
    document: Doc;
    history: { start: number; rows: (number | null)[][] };
    timeline: Entry[];
    locale: string;
    phases: string[];
    run: { actor: string | null; runId: string | null };
}

/** The page's own code for its copy of the run (plain JavaScript, served as it is, typed here). */
interface PageState {
    applyUpdate(doc: Doc, update: Update): Doc;
    decodeHistory(history: { start: number; rows: readonly (readonly (number | null)[])[] }): (number | null)[][];
    mergeTimeline(entries: readonly Entry[], fresh: readonly Entry[]): Entry[];
}
// A path in a variable: the compiler leaves the page's JavaScript alone.
const PAGE_STATE = '../../src/live-view/page/state.js';
export const pageState = (await import(PAGE_STATE)) as PageState;

/** `doc` brought up to date by `update`, by the page's own code. */
export const applyUpdate = (doc: Doc, update: Update): Doc => pageState.applyUpdate(doc, update);

/** The document after each event of `stream`, from its first (`init`) on. */
export function documentsOf(stream: EventStream): Doc[] {
    const docs: Doc[] = [];
    for (const event of stream.events) {
        if (event.event === 'init') docs.push((event.data as Init).document);
        else if (event.event === 'update') {
            const last = docs.at(-1);
            if (last) docs.push(applyUpdate(last, event.data as Update));
        }
    }
    return docs;
}

/** The updates of `stream`. */
export function updatesOf(stream: EventStream): Update[] {
    return stream.events.filter((event) => event.event === 'update').map((event) => event.data as Update);
}

/** Every message the stream carried, first the timeline it began with, each once. */
export function messagesOf(stream: EventStream): Entry[] {
    const seen = new Map<number, Entry>();
    for (const event of stream.events) {
        const entries =
            event.event === 'init' ? (event.data as Init).timeline : ((event.data as Update).messages ?? []);
        for (const entry of entries) seen.set(entry.n, entry);
    }
    return [...seen.values()].sort((a, b) => a.n - b.n);
}

/** The history a page decodes from its first event: `[at, done, failed, total, rate, step]` points. */
export const decodeHistory = (history: { start: number; rows: readonly (readonly (number | null)[])[] }) =>
    pageState.decodeHistory(history);

/** The first event of `stream`: what a page gets when it connects. */
export function initOf(stream: EventStream): Init {
    const first = stream.events[0];
    if (first?.event !== 'init') throw new Error(`the stream did not begin with init: ${JSON.stringify(first)}`);
    return first.data as Init;
}
