import type { ProgressSnapshot } from '../counting/snapshot.js';
import { stallStepMs } from '../counting/stall.js';
import { unitFor } from '../counting/units.js';
import { formatChildRuns } from './child-runs-words.js';
import { fitReasons, itemsPart, reasonsInBrackets, topReasonInBrackets } from './failures.js';
import { formatPhaseSummary } from './format-phases.js';
import { joinParts, SEPARATOR, shortReason, TERMINAL_HEADS } from './parts.js';
import { projectionPart, timeLeftMs } from './projection-words.js';
import { formatSharedQueue } from './shared-queue-words.js';

interface FormatSettings {
    locale?: string;
    /** The longest message wanted; a run in steps shortens its summary to fit. The publisher still cuts. */
    maxLength?: number;
    /**
     * Whether the counts of a migrating run were saved for the next start (the reporter's
     * `persistStateKey`): only then does the notice say where the run will resume.
     * @default true
     */
    progressSaved?: boolean;
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
function formatCounts(snapshot: ProgressSnapshot, settings: FormatSettings = {}): string {
    const { done, failed, total, totalIsEstimate, unit } = snapshot;
    const n = (value: number) => formatCount(value, settings.locale);
    if (total === undefined) return `${n(done)} ${unitFor(done, unit)} done`;
    const noun = unitFor(total, unit);
    if (totalIsEstimate) return `${n(done)} of at least ${n(total)} ${noun} done`;
    const percent = snapshot.status === 'running' ? ` (${percentOf(done + failed, total)}%)` : '';
    return `${n(done)} of ${n(total)} ${noun} done${percent}`;
}

/**
 * "12 failed", with the reasons in brackets: the top one in a progress message once failures are a
 * notable share ("12 failed (mostly HTTP 429)"); up to `maxReasons` at the end ("3 failed (2 × HTTP
 * 500, 1 × timeout)").
 */
function failures(snapshot: ProgressSnapshot, settings: FormatSettings, maxReasons?: number): string | undefined {
    if (snapshot.failed <= 0) return undefined;
    const count = (value: number) => formatCount(value, settings.locale);
    const reasons =
        maxReasons === undefined
            ? topReasonInBrackets(snapshot)
            : reasonsInBrackets(snapshot.failures, maxReasons, count);
    return `${count(snapshot.failed)} failed${reasons}`;
}

function items(snapshot: ProgressSnapshot, settings: FormatSettings): string | undefined {
    return itemsPart(snapshot, (value) => formatCount(value, settings.locale));
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

/** "no progress for 5 min", in the coarse steps of `stallStepMs`, so the text changes rarely. */
function stall(snapshot: ProgressSnapshot): string | undefined {
    const step = snapshot.stalledMs === undefined ? undefined : stallStepMs(snapshot.stalledMs);
    return step === undefined ? undefined : `no progress for ${formatDuration(step)}`;
}

function phasePrefix(snapshot: ProgressSnapshot): string {
    const { phase } = snapshot;
    if (!phase) return '';
    const step = phase.count === undefined ? `Step ${phase.index}` : `Step ${phase.index} of ${phase.count}`;
    return `${step}${SEPARATOR}${phase.name}: `;
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
    if (snapshot.sharedQueue) {
        const fit = settings.maxLength === undefined ? {} : { maxLength: settings.maxLength };
        return formatSharedQueue(snapshot, snapshot.sharedQueue, { count, ...fit });
    }
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
            const timeLeft = timeLeftMs(snapshot);
            const eta = timeLeft === undefined ? undefined : formatTimeLeft(timeLeft);
            return (
                phasePrefix(snapshot) +
                joinParts([
                    formatCounts(snapshot, settings),
                    projectionPart(snapshot, count),
                    items(snapshot, settings),
                    failures(snapshot, settings),
                    rate,
                    eta,
                    stall(snapshot),
                ])
            );
        }
        case 'migrating':
            // The counts are those that were saved: the next start resumes exactly there.
            return settings.progressSaved === false
                ? `Migrating to another server at ${phasePrefix(snapshot)}${formatCounts(snapshot, settings)}`
                : `Migrating to another server, will resume at ${phasePrefix(snapshot)}${formatCounts(snapshot, settings)}`;
        case 'finished': {
            const final = withFinalTotal(snapshot);
            return fitReasons(settings.maxLength, (maxReasons) =>
                joinParts([
                    `${TERMINAL_HEADS.finished}: ${formatCounts(final, settings)}`,
                    items(snapshot, settings),
                    failures(final, settings, maxReasons),
                    `in ${formatDuration(snapshot.elapsedMs)}`,
                ]),
            );
        }
        case 'failed':
        case 'aborted':
        case 'timed-out': {
            const head = TERMINAL_HEADS[snapshot.status];
            const counts = formatCounts(withFinalTotal(snapshot, { cutShort: true }), settings);
            return fitReasons(settings.maxLength, (maxReasons) =>
                joinParts([
                    `${head}: ${counts}`,
                    items(snapshot, settings),
                    failures(snapshot, settings, maxReasons),
                    snapshot.status === 'timed-out' ? undefined : shortReason(snapshot),
                ]),
            );
        }
    }
}
