// The live progress page: the state comes from the event stream (`events`), the full state when it
// connects (so a page opened mid-run has the whole run), then an update a second at most.

import { createChart, pointOf } from './chart.js';
import { createFormat } from './format.js';
import { renderConnection, renderDocument, renderTimeline } from './render.js';

/** As many messages as the server keeps (timeline.ts). */
const MAX_MESSAGES = 100;

const state = {
    format: createFormat(navigator.language),
    phases: [],
    timeline: [],
    doc: undefined,
    chart: undefined,
};
state.chart = createChart(document.getElementById('chart'), () => state.format);

function showDocument(doc) {
    state.doc = doc;
    renderDocument(doc, state.phases, state.format);
    state.chart.add(pointOf(doc));
}

function showTimeline() {
    renderTimeline(state.timeline, state.doc ? Date.parse(state.doc.startedAt) : 0, state.format);
}

/**
 * How long the page waits before it opens the stream again after the browser gave up on it. A
 * browser reconnects a dropped stream by itself, but not after an answer that is not a stream (a 502
 * or 503 from the platform's proxy while the run moves to another server, a live view that was
 * closed): then the stream is CLOSED for good, and the page would say "reconnecting…" forever.
 */
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

let failedOpens = 0;
let reopenTimer;

function onInit(event) {
    failedOpens = 0;
    const init = JSON.parse(event.data);
    state.format = createFormat(init.locale);
    state.phases = init.phases;
    state.timeline = init.timeline.slice(-MAX_MESSAGES);
    state.chart.reset(init.history, Date.parse(init.document.startedAt));
    showDocument(init.document);
    showTimeline();
    renderConnection(init.document.terminal ? 'ended' : 'live');
}

function onUpdate(event) {
    const update = JSON.parse(event.data);
    const lastN = state.timeline.at(-1)?.n ?? 0;
    const fresh = update.messages.filter((entry) => entry.n > lastN);
    if (fresh.length > 0) {
        state.timeline = state.timeline.concat(fresh).slice(-MAX_MESSAGES);
        showTimeline();
    }
    showDocument(update.document);
    if (update.document.terminal) renderConnection('ended');
}

/** Opens the stream again after a wait that grows with each try (with some jitter: many tabs, one server). */
function reopenLater() {
    if (reopenTimer !== undefined) return;
    const wait = BACKOFF_MS[Math.min(failedOpens, BACKOFF_MS.length - 1)] * (0.8 + Math.random() * 0.4);
    failedOpens += 1;
    reopenTimer = setTimeout(() => {
        reopenTimer = undefined;
        connect();
    }, wait);
}

function connect() {
    const events = new EventSource('events');
    events.addEventListener('init', onInit);
    events.addEventListener('update', onUpdate);
    events.addEventListener('open', () => {
        if (!state.doc?.terminal) renderConnection('live');
    });
    events.addEventListener('error', () => {
        // Once the run has ended its process may be gone: the page keeps the final state it has, and
        // still looks again now and then (a run that moved on, a new reporter on the same port).
        renderConnection(state.doc?.terminal ? 'ended' : 'reconnecting');
        if (events.readyState === EventSource.CLOSED) reopenLater();
    });
}

connect();

// The chart waits for uPlot (a deferred script, run before this module): draw what came before it.
window.addEventListener('load', () => state.chart.draw());
