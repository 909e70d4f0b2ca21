// Puts the state on the page. Every text from the run (messages, failure reasons, step names, the
// unit) goes in through textContent, never as markup: it comes from crawled sites.

import { noun, percentOf } from './format.js';

const $ = (id) => document.getElementById(id);

const STATUS_LABELS = {
    running: 'Running',
    migrating: 'Migrating',
    finished: 'Finished',
    failed: 'Failed',
    aborted: 'Aborted',
    'timed-out': 'Time limit reached',
};

/** Sets a stat's text, with its raw value in data-value for scripts and tests. */
function stat(id, text, value) {
    const element = $(id);
    element.textContent = text;
    if (value === undefined || value === null) element.removeAttribute('data-value');
    else element.dataset.value = String(value);
}

function renderProgress(doc, format) {
    const { done, failed, total, totalIsEstimate, unit, status } = doc;
    const handled = done + failed;
    const bar = $('bar');
    const running = status === 'running' || status === 'migrating';
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
    if (kind !== 'known') bar.removeAttribute('aria-valuenow');
    bar.dataset.kind = kind;
    bar.setAttribute('aria-valuetext', text);
    // An indeterminate bar is a block sweeping across (page.css); the others show the share handled.
    if (kind === 'indeterminate') share = 0.3;
    const failedShare = kind !== 'indeterminate' && handled > 0 ? share * (failed / handled) : 0;
    $('fill-done').style.width = `${((share - failedShare) * 100).toFixed(2)}%`;
    $('fill-failed').style.width = `${(failedShare * 100).toFixed(2)}%`;
    $('progress-text').textContent = text;
    return kind === 'known' && running ? `${percentOf(handled, total)}%` : undefined;
}

function renderStats(doc, format) {
    const n = format.count;
    stat('done', n(doc.done), doc.done);
    stat('failed', n(doc.failed), doc.failed);
    stat('retried', n(doc.retried), doc.retried);
    if (doc.total === null) stat('total', 'unknown', null);
    else stat('total', doc.totalIsEstimate ? `at least ${n(doc.total)}` : n(doc.total), doc.total);
    $('items-box').hidden = !(doc.items > 0);
    stat('items', n(doc.items), doc.items);
    stat('rate', doc.ratePerMinute === null ? '–' : format.rate(doc.ratePerMinute), doc.ratePerMinute);
    stat('elapsed', format.duration(doc.elapsedMs), doc.elapsedMs);
    const running = doc.status === 'running' || doc.status === 'migrating';
    // Time left needs a firm total and a rate, as in the messages; otherwise it is not guessed.
    let left = '–';
    if (running && doc.etaMs !== null) left = format.timeLeft(doc.etaMs);
    else if (running && (doc.total === null || doc.totalIsEstimate)) left = 'unknown';
    stat('eta', left, doc.etaMs);
    $('eta').title =
        running && doc.totalIsEstimate
            ? 'The total is still growing.'
            : running && doc.total === null
              ? 'No total.'
              : '';
}

/** "40 of 100": a step's counts. */
function stepCounts(done, total, format) {
    return `${format.count(done)}${total === null || total === undefined ? '' : ` of ${format.count(total)}`}`;
}

/**
 * The steps: done, the current one, those to come. Once the run has ended nothing is running any
 * more: the last step is done when the run finished, stopped otherwise, and steps never begun were
 * not reached.
 */
function renderPhases(doc, configured, format) {
    const list = $('phases');
    const done = doc.completedPhases ?? [];
    const current = doc.phase;
    const ended = doc.status !== 'running' && doc.status !== 'migrating';
    const rows = [];
    for (const phase of done) {
        rows.push({ state: 'done', name: phase.name, detail: `${stepCounts(phase.done, phase.total, format)} done` });
    }
    if (current && !ended) rows.push({ state: 'current', name: current.name, detail: 'now' });
    else if (current && doc.status === 'finished') {
        rows.push({ state: 'done', name: current.name, detail: `${stepCounts(doc.done, doc.total, format)} done` });
    } else if (current) {
        const how = STATUS_LABELS[doc.status]?.toLowerCase() ?? 'stopped';
        rows.push({
            state: 'stopped',
            name: current.name,
            detail: `${how} at ${stepCounts(doc.done, doc.total, format)}`,
        });
    }
    const seen = new Set(rows.map((row) => row.name));
    for (const name of configured) {
        if (!seen.has(name))
            rows.push({ state: ended ? 'not-reached' : 'next', name, detail: ended ? 'not reached' : '' });
    }
    $('phases-box').hidden = rows.length === 0;
    list.replaceChildren(
        ...rows.map((row) => {
            const item = document.createElement('li');
            item.dataset.state = row.state;
            if (row.state === 'current') item.setAttribute('aria-current', 'step');
            const name = document.createElement('span');
            name.className = 'name';
            name.textContent = row.name;
            const detail = document.createElement('span');
            detail.className = 'detail';
            detail.textContent = row.detail;
            item.append(name, detail);
            return item;
        }),
    );
}

function renderFailures(doc, format) {
    const failures = doc.failures ?? [];
    $('failures-box').hidden = failures.length === 0;
    $('failures').replaceChildren(
        ...failures.map(({ reason, count }) => {
            const item = document.createElement('li');
            const text = document.createElement('span');
            text.className = 'reason';
            text.textContent = reason;
            const number = document.createElement('span');
            number.className = 'count';
            number.textContent = format.count(count);
            item.append(text, number);
            return item;
        }),
    );
}

/** The whole document: status, message, bar, counts, steps and failure reasons. */
export function renderDocument(doc, configuredPhases, format) {
    const status = $('status');
    status.dataset.status = doc.status;
    status.textContent = STATUS_LABELS[doc.status] ?? doc.status;
    const message = $('message');
    message.textContent = doc.message ?? 'No status message yet.';
    message.classList.toggle('empty', doc.message === null);
    $('message-terminal').hidden = !doc.terminal;
    const percent = renderProgress(doc, format);
    renderStats(doc, format);
    renderPhases(doc, configuredPhases, format);
    renderFailures(doc, format);
    const updated = new Date(doc.updatedAt);
    const time = $('updated');
    time.dateTime = doc.updatedAt;
    time.textContent = updated.toLocaleTimeString();
    document.title = `${percent ? `${percent} · ` : ''}${STATUS_LABELS[doc.status] ?? ''} · Run progress`;
}

/** The status messages, newest first, the terminal one marked. */
export function renderTimeline(entries, startedAt, format) {
    $('timeline').replaceChildren(
        ...entries
            .slice()
            .reverse()
            .map((entry) => {
                const item = document.createElement('li');
                if (entry.terminal) item.dataset.terminal = 'true';
                const time = document.createElement('time');
                time.dateTime = new Date(entry.at).toISOString();
                time.title = new Date(entry.at).toLocaleString();
                time.textContent = `+${format.duration(entry.at - startedAt)}`;
                const text = document.createElement('span');
                text.className = 'text';
                text.textContent = entry.text;
                item.append(time, text);
                if (entry.terminal) {
                    const badge = document.createElement('span');
                    badge.className = 'badge';
                    badge.textContent = 'terminal';
                    item.append(badge);
                }
                return item;
            }),
    );
    const first = entries[0];
    const omitted = first ? first.n - 1 : 0;
    const note = $('timeline-omitted');
    note.hidden = omitted === 0;
    note.textContent = `${format.count(omitted)} earlier ${omitted === 1 ? 'message' : 'messages'} not shown.`;
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
