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

const events = new EventSource('events');

events.addEventListener('init', (event) => {
    const init = JSON.parse(event.data);
    state.format = createFormat(init.locale);
    state.phases = init.phases;
    state.timeline = init.timeline.slice(-MAX_MESSAGES);
    state.chart.reset(init.history, Date.parse(init.document.startedAt));
    showDocument(init.document);
    showTimeline();
    renderConnection(init.document.terminal ? 'ended' : 'live');
});

events.addEventListener('update', (event) => {
    const update = JSON.parse(event.data);
    const lastN = state.timeline.at(-1)?.n ?? 0;
    const fresh = update.messages.filter((entry) => entry.n > lastN);
    if (fresh.length > 0) {
        state.timeline = state.timeline.concat(fresh).slice(-MAX_MESSAGES);
        showTimeline();
    }
    showDocument(update.document);
    if (update.document.terminal) renderConnection('ended');
});

events.addEventListener('open', () => {
    if (!state.doc?.terminal) renderConnection('live');
});

events.addEventListener('error', () => {
    // EventSource reconnects by itself. Once the run has ended its process may be gone: the page
    // keeps the final state it has.
    renderConnection(state.doc?.terminal ? 'ended' : 'reconnecting');
});

// The chart waits for uPlot (a deferred script, run before this module): draw what came before it.
window.addEventListener('load', () => state.chart.draw());
