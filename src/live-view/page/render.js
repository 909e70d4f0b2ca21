// Puts the run on the page: the header, the message, the bar and the figures (side.js does the
// side column). Every text from the run (messages, failure reasons, step names, the unit, the
// Actor's name) goes in through textContent, never as markup: it comes from crawled sites.

import { noun, percentOf } from './format.js';
import { wholeRun } from './state.js';

const $ = (id) => document.getElementById(id);

export const STATUS_LABELS = {
    running: 'Running',
    migrating: 'Migrating',
    finished: 'Finished',
    failed: 'Failed',
    aborted: 'Aborted',
    'timed-out': 'Time limit reached',
};

/** After this long without a word from the run, the page says it has lost contact, not "Running". */
const LOST_AFTER_MS = 5_000;
/** An open stream brings something every 15 s at least (HEARTBEAT_TICKS in live-view.ts). */
const SILENT_AFTER_MS = 35_000;

const isRunning = (doc) => doc.status === 'running' || doc.status === 'migrating';

/** Sets a figure's text, with its raw value in data-value for scripts and tests. */
function stat(id, text, value) {
    const element = $(id);
    element.textContent = text;
    if (value === undefined || value === null) element.removeAttribute('data-value');
    else element.dataset.value = String(value);
}

/** "step 2 of 3", or nothing without steps. */
function stepWords(doc) {
    if (!doc.phase) return '';
    return `step ${doc.phase.index}${doc.phase.count === null ? '' : ` of ${doc.phase.count}`}`;
}

function renderProgress(doc, format) {
    const { done, failed, total, totalIsEstimate, unit } = doc;
    const handled = done + failed;
    const bar = $('bar');
    const running = isRunning(doc);
    const n = format.count;
    let text;
    let kind;
    let share = 0;
    if (total === null) {
        kind = running ? 'indeterminate' : 'ended';
        text = `${n(done)} ${noun(done, unit)} done`;
        share = 1;
    } else if (totalIsEstimate) {
        kind = 'estimate';
        text = `${n(done)} of at least ${n(total)} ${noun(total, unit)} done`;
        share = total > 0 ? handled / total : 0;
    } else {
        kind = 'known';
        const percent = percentOf(handled, total);
        text = `${n(done)} of ${n(total)} ${noun(total, unit)} done${running ? ` (${percent}%)` : ''}`;
        share = total > 0 ? Math.min(1, handled / total) : 1;
        bar.setAttribute('aria-valuenow', String(percent));
    }
    const step = stepWords(doc);
    if (step) text += ` in ${step}`;
    if (kind !== 'known') bar.removeAttribute('aria-valuenow');
    bar.dataset.kind = kind;
    bar.setAttribute('aria-valuetext', text);
    // An indeterminate bar is a block sweeping across (parts.css); the others show the share handled.
    if (kind === 'indeterminate') share = 0.3;
    const failedShare = kind !== 'indeterminate' && handled > 0 ? share * (failed / handled) : 0;
    $('fill-done').style.width = `${((share - failedShare) * 100).toFixed(2)}%`;
    $('fill-failed').style.width = `${(failedShare * 100).toFixed(2)}%`;
    // The bar is now; the message above it is what was last sent, up to an interval earlier.
    $('progress-label').textContent = running ? 'Now' : 'At the end';
    $('progress-text').textContent = text;
    return kind === 'known' && running ? `${percentOf(handled, total)}%` : undefined;
}

/** Time left: by the rate and a firm total, else by the projection ("likely"), else not guessed. */
function timeLeft(doc, format) {
    if (!isRunning(doc)) return '–';
    if (doc.etaMs !== null) return format.timeLeft(doc.etaMs);
    if (doc.projectedSecondsLeft !== null && doc.projectedSecondsLeft !== undefined) {
        return `likely ${format.timeLeft(doc.projectedSecondsLeft * 1000)}`;
    }
    return doc.total === null || doc.totalIsEstimate ? 'unknown' : '–';
}

function renderStats(doc, format) {
    const n = format.count;
    const running = isRunning(doc);
    const whole = wholeRun(doc);
    const steps = doc.phase !== null || doc.completedPhases.length > 0;
    $('done-label').textContent = doc.phase ? `Done in ${stepWords(doc)}` : 'Done';
    stat('done', n(doc.done), doc.done);
    // Failed over the whole run, as the reasons beside it count them; the step's own share below.
    stat('failed', n(whole.failed), whole.failed);
    $('failed-note').textContent = steps && whole.failed !== doc.failed ? `${n(doc.failed)} in this step` : '';
    stat('retried', n(doc.retried), doc.retried);
    if (doc.total === null) stat('total', 'unknown', null);
    else stat('total', doc.totalIsEstimate ? `at least ${n(doc.total)}` : n(doc.total), doc.total);
    const projected = doc.projectedTotal;
    const shown = projected !== null && projected !== undefined && running && projected !== doc.total;
    stat('projected', shown ? `likely ${format.about(projected, doc.total ?? 0)}` : '', shown ? projected : null);
    $('items-box').hidden = !(doc.items > 0);
    stat('items', n(doc.items), doc.items);
    if (running) {
        $('rate-label').textContent = 'Rate now';
        stat('rate', doc.ratePerMinute === null ? '–' : format.rate(doc.ratePerMinute), doc.ratePerMinute);
    } else {
        // After the end nothing moves: what the run did on average, not its last rate.
        const minutes = doc.elapsedMs / 60_000;
        const average = minutes > 0 ? (whole.done + whole.failed) / minutes : null;
        $('rate-label').textContent = 'Average rate';
        stat('rate', average === null ? '–' : format.rate(average), average);
    }
    stat('elapsed', format.duration(doc.elapsedMs), doc.elapsedMs);
    stat('eta', timeLeft(doc, format), doc.etaMs ?? doc.projectedSecondsLeft ?? null);
    $('eta').title =
        running && doc.etaMs === null && doc.projectedSecondsLeft != null
            ? 'A projection: the total is not known yet.'
            : running && doc.totalIsEstimate
              ? 'The total is still growing.'
              : running && doc.total === null
                ? 'No total.'
                : '';
}

/** "$1.20 of $5.00 max" for a pay-per-event run; the events charged in its title. */
function renderCharged(doc, format) {
    const charged = doc.charged;
    const element = $('charged');
    element.hidden = !charged;
    if (!charged) return;
    const max = charged.maxUsd === null ? '' : ` of ${format.usd(charged.maxUsd)} max`;
    element.textContent = `Charged ${format.usd(charged.totalUsd)}${max}`;
    element.dataset.value = String(charged.totalUsd);
    element.title = Object.entries(charged.events ?? {})
        .map(([event, count]) => `${event}: ${format.count(count)}`)
        .join('\n');
}

/** Which run this is: the Actor, the run, when it started. */
function renderRun(doc, run) {
    const started = new Date(doc.startedAt);
    const parts = [
        run.actor ?? (run.runId ? null : 'Local run'),
        run.runId ? `run ${run.runId}` : null,
        `started ${started.toLocaleString()}`,
    ];
    $('run').textContent = parts.filter(Boolean).join(' · ');
}

/** The whole document: status, run, message, bar, figures. */
export function renderDocument(doc, run, format) {
    const message = $('message');
    message.textContent = doc.message ?? 'No status message yet.';
    message.classList.toggle('empty', doc.message === null);
    $('message-terminal').hidden = !doc.terminal;
    renderRun(doc, run);
    renderCharged(doc, format);
    renderStats(doc, format);
    return renderProgress(doc, format);
}

/**
 * What the page knows of its contact with the run, every second: the status (or "No contact" once
 * the stream has been gone a while and the run had not ended), how old the data is, when the last
 * message was sent, and the tab's title. `now` is this browser's clock, `runNow` the run's (the last
 * update's time moved on by the time since it came): the message's time is the run's.
 */
export function renderContact({ doc, run, format, connection, contactAt, messageAt, percent, now, runNow }) {
    const ended = doc && !isRunning(doc);
    // A stream that is open but brings nothing (not even the heartbeat every 15 s) has gone quiet too.
    const silence = connection === 'live' ? SILENT_AFTER_MS : LOST_AFTER_MS;
    const lost = doc && !ended && now - contactAt >= silence;
    const status = $('status');
    const label = doc ? (STATUS_LABELS[doc.status] ?? doc.status) : 'Connecting';
    status.dataset.status = lost ? 'lost' : (doc?.status ?? 'connecting');
    status.textContent = lost ? 'No contact' : label;
    status.title = lost ? `Last known: ${label}` : '';
    if (!doc) return;
    const updated = $('updated');
    updated.dateTime = doc.updatedAt;
    updated.textContent = new Date(doc.updatedAt).toLocaleTimeString();
    $('age').textContent = lost
        ? ` · no contact for ${format.duration(now - contactAt)}: the run's process may be gone`
        : '';
    $('message-age').textContent = messageAt === undefined ? '' : `· sent ${format.duration(runNow - messageAt)} ago`;
    // Which run, so that tabs of several runs tell themselves apart.
    const started = new Date(doc.startedAt).toLocaleTimeString();
    const who = run.actor ?? (run.runId ? `run ${run.runId}` : `run started ${started}`);
    const head = lost ? 'No contact' : `${percent ? `${percent} · ` : ''}${label}`;
    document.title = `${head} · ${who}`;
}

/** The state of the event stream: live, reconnecting, or the run has ended. */
export function renderConnection(state) {
    const element = $('connection');
    element.dataset.state = state;
    element.textContent = {
        connecting: 'connecting',
        live: 'live',
        reconnecting: 'reconnecting…',
        ended: 'run ended: final state',
    }[state];
}
