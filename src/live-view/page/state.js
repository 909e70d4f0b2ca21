// The page's copy of the run, kept up to date from the events: no DOM here (the unit tests run this
// file in Node, against what the server sends).

/** As many of the messages that mark something as the server keeps (timeline.ts). */
export const MAX_MARKED = 40;

/** The chart's points from the first event: `[at, done, failed, total, rate, step]` (history.ts encodes them). */
export function decodeHistory(history) {
    let seconds = 0;
    let done = 0;
    let failed = 0;
    return history.rows.map(([dt, dDone, dFailed, total, rate, step]) => {
        seconds += dt ?? 0;
        done += dDone ?? 0;
        failed += dFailed ?? 0;
        return [history.start + seconds * 1000, done, failed, total ?? null, rate ?? null, step ?? null];
    });
}

/** `doc` brought up to date by an update: the fields that changed, the time, the last message. */
export function applyUpdate(doc, update) {
    const next = { ...doc, ...update.changes };
    for (const field of update.gone ?? []) delete next[field];
    if (update.failureCounts) {
        next.failures = next.failures.map((failure, i) => ({ ...failure, count: update.failureCounts[i] ?? 0 }));
    }
    next.updatedAt = new Date(update.at).toISOString();
    next.elapsedMs = update.elapsedMs;
    const last = update.messages?.at(-1);
    if (last) {
        next.message = last.text;
        next.terminal = last.terminal;
    }
    return next;
}

/**
 * The messages the page lists, oldest first: those that mark something (the last `MAX_MARKED`) and
 * the latest one. A plain progress line gives way to the next message: the gaps in the numbers are
 * the lines folded there.
 */
export function mergeTimeline(entries, fresh) {
    const byNumber = new Map(entries.map((entry) => [entry.n, entry]));
    for (const entry of fresh) byNumber.set(entry.n, entry);
    const all = [...byNumber.values()].sort((a, b) => a.n - b.n);
    const latest = all.at(-1);
    const marked = all.filter((entry) => entry.kind !== 'progress' && entry !== latest).slice(-MAX_MARKED);
    return latest ? [...marked, latest] : marked;
}

/** The point an update adds to the chart (as the server's history keeps them). */
export function pointOf(doc) {
    const rate = doc.ratePerMinute;
    const chartRate = rate === null ? null : rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10;
    return [Date.parse(doc.updatedAt), doc.done, doc.failed, doc.total, chartRate, doc.phase?.index ?? null];
}

/** Done and failed over the whole run: a step's own counts start again at 0. */
export function wholeRun(doc) {
    let done = doc.done;
    let failed = doc.failed;
    for (const phase of doc.completedPhases ?? []) {
        done += phase.done;
        failed += phase.failed;
    }
    return { done, failed };
}
