import type { ProgressSnapshot } from '../counting/snapshot.js';
import { unitFor } from '../counting/units.js';
import { formatChildRuns } from './child-runs.js';
import { formatPhaseSummary } from './format-phases.js';
import { SEPARATOR, shortReason } from './parts.js';
import { formatSharedQueue } from './shared-queue.js';

export interface FormatSettings {
    locale?: string;
    /** The longest message wanted; a run in steps shortens its summary to fit. The publisher still cuts. */
    maxLength?: number;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatCount(value: number, locale = 'en-US'): string {
    let format = numberFormats.get(locale);
    if (!format) {
        format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
        numberFormats.set(locale, format);
    }
    return format.format(value);
}

/** "40 s", "6 min", "1 h 5 min": coarse on purpose, a forecast is no better than that. */
export function formatDuration(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.round(seconds / 60);
    if (seconds < 600) {
        const wholeMinutes = Math.floor(seconds / 60);
        const rest = seconds % 60;
        return rest === 0 ? `${wholeMinutes} min` : `${wholeMinutes} min ${rest} s`;
    }
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    const restMinutes = minutes % 60;
    return restMinutes === 0 ? `${hours} h` : `${hours} h ${restMinutes} min`;
}

/** Forecasts are rounded harder than elapsed times: "about 6 min left", not "about 5 min 48 s". */
export function formatTimeLeft(ms: number): string {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `about ${minutes} min left`;
    return `about ${formatDuration(minutes * 60_000)} left`;
}

export function formatRate(perMinute: number, locale = 'en-US'): string {
    if (perMinute >= 10) return `${formatCount(Math.round(perMinute), locale)}/min`;
    const rounded = Math.round(perMinute * 10) / 10;
    return `${rounded.toLocaleString(locale, { maximumFractionDigits: 1 })}/min`;
}

/** The whole-number percent handled, never 100 before everything is handled. */
export function percentOf(handled: number, total: number): number {
    if (total <= 0) return 100;
    const percent = Math.floor((handled / total) * 100);
    return handled >= total ? 100 : Math.min(99, percent);
}

/** "1,204 of 3,000 pages done (40%)", "1,204 of at least 3,000 pages done", "1,204 pages done". */
export function formatCounts(snapshot: ProgressSnapshot, settings: FormatSettings = {}): string {
    const { done, failed, total, totalIsEstimate, unit } = snapshot;
    const n = (value: number) => formatCount(value, settings.locale);
    if (total === undefined) return `${n(done)} ${unitFor(done, unit)} done`;
    const noun = unitFor(total, unit);
    if (totalIsEstimate) return `${n(done)} of at least ${n(total)} ${noun} done`;
    const percent = snapshot.status === 'running' ? ` (${percentOf(done + failed, total)}%)` : '';
    return `${n(done)} of ${n(total)} ${noun} done${percent}`;
}

function failures(snapshot: ProgressSnapshot, settings: FormatSettings): string | undefined {
    return snapshot.failed > 0 ? `${formatCount(snapshot.failed, settings.locale)} failed` : undefined;
}

/**
 * At the end the total is what was really handled when no firm total was known, so the terminal
 * message always reads "<done> of <total>". A run cut short (failed, aborted, out of time) keeps a
 * growing total as it was, "40 of at least 120": what was handled is not all there was.
 */
function withFinalTotal(snapshot: ProgressSnapshot, { cutShort = false } = {}): ProgressSnapshot {
    const handled = snapshot.done + snapshot.failed;
    const { total, totalIsEstimate } = snapshot;
    if (total !== undefined && total >= handled && (!totalIsEstimate || cutShort)) return snapshot;
    return { ...snapshot, total: handled, totalIsEstimate: false };
}

function phasePrefix(snapshot: ProgressSnapshot): string {
    const { phase } = snapshot;
    if (!phase) return '';
    const step = phase.count === undefined ? `Step ${phase.index}` : `Step ${phase.index} of ${phase.count}`;
    return `${step}${SEPARATOR}${phase.name}: `;
}

function join(parts: (string | undefined)[]): string {
    return parts.filter((part): part is string => Boolean(part)).join(SEPARATOR);
}

/**
 * The built-in wording for every status. Pure: the same snapshot always gives the same text.
 * The result may still be long or contain what a user passed in; the publisher makes it one
 * capped line before sending.
 */
export function formatProgress(snapshot: ProgressSnapshot, settings: FormatSettings = {}): string {
    // A run that is part of a larger whole (several runs) words that whole first.
    const count = (value: number) => formatCount(value, settings.locale);
    if (snapshot.childRuns) return formatChildRuns(snapshot, snapshot.childRuns, { ...settings, count });
    if (snapshot.sharedQueue) return formatSharedQueue(snapshot, snapshot.sharedQueue, { count });
    if (snapshot.phase && snapshot.status !== 'running' && snapshot.status !== 'migrating') {
        return formatPhaseSummary(snapshot, {
            count: (value) => formatCount(value, settings.locale),
            duration: formatDuration,
            ...(settings.maxLength === undefined ? {} : { maxLength: settings.maxLength }),
        });
    }
    switch (snapshot.status) {
        case 'running': {
            const rate =
                snapshot.ratePerMinute === undefined ? undefined : formatRate(snapshot.ratePerMinute, settings.locale);
            const eta = snapshot.etaMs === undefined ? undefined : formatTimeLeft(snapshot.etaMs);
            return (
                phasePrefix(snapshot) +
                join([formatCounts(snapshot, settings), failures(snapshot, settings), rate, eta])
            );
        }
        case 'migrating':
            return `Migrating to another server, will resume at ${phasePrefix(snapshot)}${formatCounts(snapshot, settings)}`;
        case 'finished': {
            const final = withFinalTotal(snapshot);
            return join([
                `Finished: ${formatCounts(final, settings)}`,
                failures(final, settings),
                `in ${formatDuration(snapshot.elapsedMs)}`,
            ]);
        }
        case 'failed':
            return join([
                `Failed: ${formatCounts(withFinalTotal(snapshot, { cutShort: true }), settings)}`,
                failures(snapshot, settings),
                shortReason(snapshot),
            ]);
        case 'aborted':
            return join([
                `Aborted: ${formatCounts(withFinalTotal(snapshot, { cutShort: true }), settings)}`,
                failures(snapshot, settings),
                shortReason(snapshot),
            ]);
        case 'timed-out':
            return join([
                `Time limit reached: ${formatCounts(withFinalTotal(snapshot, { cutShort: true }), settings)}`,
                failures(snapshot, settings),
            ]);
    }
}
