// The live progress page: the whole run when it connects (so a page opened mid-run has all of it),
// then what changed, at most once a second (stream.js holds the connection).

import { createChart } from './chart.js';
import { createFormat } from './format.js';
import { renderConnection, renderContact, renderDocument } from './render.js';
import { renderFailures, renderPhases, renderTimeline } from './side.js';
import { applyUpdate, decodeHistory, mergeTimeline, pointOf } from './state.js';
import { connect } from './stream.js';

/** What this tab knows of the run: plain data, handed as it is to the tabs that open later. */
let state;
let connection = 'connecting';
/** When this tab last heard from the run (this browser's clock), and the run's time then. */
let contactAt = Date.now();
let percent;

const format = () => createFormat(state?.locale ?? navigator.language);

/** Step n's name: from the `phases` option, else from the steps the run went through. */
function stepName(n) {
    const doc = state?.doc;
    const named = [...(doc?.completedPhases ?? []).map((phase) => phase.name), doc?.phase?.name].filter(Boolean);
    return state?.phases[n - 1] ?? (doc?.phase?.index === n ? doc.phase.name : named[n - 1]) ?? `Step ${n}`;
}

const chart = createChart(document.getElementById('chart'), format, stepName);

function show() {
    const f = format();
    percent = renderDocument(state.doc, state.run, f);
    renderPhases(state.doc, state.phases, f);
    renderFailures(state.doc, f);
    chart.project(state.doc);
    chart.draw();
    chart.fit();
    showContact();
}

function showTimeline() {
    renderTimeline(state.timeline, Date.parse(state.doc.startedAt), format());
}

function showContact() {
    const now = Date.now();
    renderContact({
        doc: state?.doc,
        run: state?.run ?? { actor: null, runId: null },
        format: format(),
        connection,
        contactAt,
        messageAt: state?.timeline.at(-1)?.at,
        percent,
        now,
        runNow: state ? Date.parse(state.doc.updatedAt) + (now - contactAt) : now,
    });
}

/** The server's first event as this page keeps it. */
function toState(init) {
    return {
        doc: init.document,
        points: decodeHistory(init.history),
        timeline: mergeTimeline([], init.timeline),
        locale: init.locale,
        phases: init.phases,
        run: init.run,
    };
}

connect(
    {
        state(next) {
            state = next;
            contactAt = Date.now();
            chart.reset(state.points, Date.parse(state.doc.startedAt));
            // The history's last point may be older than the document: the chart ends where the figures are.
            chart.add(pointOf(state.doc));
            show();
            showTimeline();
        },
        update(update) {
            if (!state) return;
            contactAt = Date.now();
            state.doc = applyUpdate(state.doc, update);
            if (update.messages?.length) {
                state.timeline = mergeTimeline(state.timeline, update.messages);
                showTimeline();
            }
            const point = pointOf(state.doc);
            chart.add(point);
            if (state.points.at(-1)?.[0] !== point[0]) state.points = [...state.points.slice(-599), point];
            show();
        },
        connection(next) {
            connection = next;
            renderConnection(state?.doc.terminal ? 'ended' : next);
            showContact();
        },
    },
    toState,
    () => state,
);

// Ages ("sent 12 s ago", "no contact for 1 min") move on between updates.
setInterval(showContact, 1000);
// The chart waits for uPlot (a deferred script, run before this module): draw what came before it.
window.addEventListener('load', () => chart.draw());
