// The side column: the steps, why units failed, and the status messages that matter. Text from the
// run goes in through textContent only (see render.js).

import { STATUS_LABELS } from './render.js';

const $ = (id) => document.getElementById(id);

/** "40 of 100": a step's counts. */
function stepCounts(done, total, format) {
    return `${format.count(done)}${total === null || total === undefined ? '' : ` of ${format.count(total)}`}`;
}

function row(className, parts, attributes = {}) {
    const item = document.createElement('li');
    if (className) item.className = className;
    for (const [name, value] of Object.entries(attributes)) item.setAttribute(name, value);
    for (const [partClass, text, tag = 'span'] of parts) {
        const part = document.createElement(tag);
        if (partClass) part.className = partClass;
        part.textContent = text;
        item.append(part);
    }
    return item;
}

/**
 * The steps: done, the current one, those to come. Once the run has ended nothing is running any
 * more: the last step is done when the run finished, stopped otherwise, and steps never begun were
 * not reached.
 */
export function renderPhases(doc, configured, format) {
    const current = doc.phase;
    const ended = doc.status !== 'running' && doc.status !== 'migrating';
    const rows = [];
    for (const phase of doc.completedPhases ?? []) {
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
    const seen = new Set(rows.map((entry) => entry.name));
    for (const name of configured) {
        if (!seen.has(name))
            rows.push({ state: ended ? 'not-reached' : 'next', name, detail: ended ? 'not reached' : '' });
    }
    $('phases-box').hidden = rows.length === 0;
    $('phases').replaceChildren(
        ...rows.map((entry) => {
            const item = row(
                '',
                [
                    ['name', entry.name],
                    ['detail', entry.detail],
                ],
                { 'data-state': entry.state, ...(entry.state === 'current' ? { 'aria-current': 'step' } : {}) },
            );
            // A long name is cut at three lines (side.css): the whole of it on hover.
            item.querySelector('.name').title = entry.name;
            return item;
        }),
    );
}

/** Why units failed over the whole run, most common first. */
export function renderFailures(doc, format) {
    const failures = doc.failures ?? [];
    $('failures-box').hidden = failures.length === 0;
    $('failures').replaceChildren(
        ...failures.map(({ reason, count }) =>
            row('', [
                ['reason', reason],
                ['count', format.count(count)],
            ]),
        ),
    );
}

const KIND_LABELS = {
    start: 'start',
    step: 'step',
    stall: 'stalled',
    resumed: 'moving again',
    migrating: 'migration',
    failures: 'failures',
    terminal: 'terminal',
};

/**
 * The status messages, newest first: those that mark something (a step, a stall, a migration, a
 * burst of failures, the end) and the latest; the plain progress lines between them are folded into
 * one line that says how many there were (the gaps in the numbers).
 */
export function renderTimeline(entries, startedAt, format) {
    const items = [];
    const fold = (count) => {
        if (count > 0) {
            const words = `${format.count(count)} progress ${count === 1 ? 'message' : 'messages'}`;
            items.push(row('fold', [['', words]]));
        }
    };
    for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i];
        const item = row(
            '',
            [
                ['', `+${format.duration(entry.at - startedAt)}`, 'time'],
                ['text', entry.text],
            ],
            { 'data-kind': entry.kind ?? 'progress' },
        );
        const time = item.querySelector('time');
        time.dateTime = new Date(entry.at).toISOString();
        time.title = new Date(entry.at).toLocaleString();
        if (entry.terminal) item.dataset.terminal = 'true';
        const label = KIND_LABELS[entry.kind];
        if (label) {
            const badge = document.createElement('span');
            badge.className = 'badge';
            badge.textContent = label;
            item.append(badge);
        }
        items.push(item);
        const before = entries[i - 1]?.n ?? 0;
        fold(entry.n - before - 1);
    }
    $('timeline').replaceChildren(...items);
}
