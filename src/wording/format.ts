import type { ProgressSnapshot } from '../counting/snapshot.js';
import { stallStepMs } from '../counting/stall.js';
import { unitFor } from '../counting/units.js';
import { chargesPart, maxChargeHead, stoppedAtMaxCharge } from './charges-words.js';
import { formatChildRuns } from './child-runs-words.js';
import { failureReasonsInBrackets, fitFailureReasons, topFailureReasonInBrackets } from './failure-words.js';
import { formatPhaseSummary, stepName } from './format-phases.js';
import { itemsPart, joinParts, SEPARATOR, shortEndReason, TERMINAL_HEADS } from './message-parts.js';
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
    /**
     * Whether a pay-per-event run's messages name what it has charged ("$1.20 of $5.00 max"): the
     * reporter's `showCharges`. A run stopped by its maximum says so either way.
     * @default true
     */
    showCharges?: boolean;
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

/**
 * The whole-number percent handled, rounded down, never 100 before everything is handled. In whole
 * numbers: through a fraction, 57 / 100 * 100 is 56.99999999999999 and would read "56%".
 */
export function percentOf(handled: number, total: number): number {
    if (total <= 0 || handled >= total) return 100;
    if (!Number.isInteger(handled) || !Number.isInteger(total))
        return Math.min(99, Math.floor((handled * 100) / total));
    return Math.min(99, Number((BigInt(Math.max(0, handled)) * 100n) / BigInt(total)));
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
            ? topFailureReasonInBrackets(snapshot)
            : failureReasonsInBrackets(snapshot.failures, maxReasons, count);
    return `${count(snapshot.failed)} failed${reasons}`;
}

function items(snapshot: ProgressSnapshot, settings: FormatSettings): string | undefined {
    return itemsPart(snapshot, (value) => formatCount(value, settings.locale));
}

/**
 * At the end the total is what was really handled when no total was known, so the terminal message
 * always reads "<done> of <total>". An estimate becomes firm only when nothing is left beyond what was
 * handled (the work really ran out): a run that ends with more found than handled (Actor.exit() in a
 * request handler, `crawler.stop()`, a failure, a signal) keeps it as it was, "40 of at least 120".
 */
function withFinalTotal(snapshot: ProgressSnapshot, { cutShort = false } = {}): ProgressSnapshot {
    const handled = snapshot.done + snapshot.failed;
    const { total, totalIsEstimate } = snapshot;
    if (total !== undefined && total >= handled && (!totalIsEstimate || cutShort || total > handled)) return snapshot;
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
    return `${step}${SEPARATOR}${stepName(phase.name)}: `;
}

/**
 * The built-in wording for every status. Pure: the same snapshot always gives the same text.
 * The result may still be long or contain what a user passed in; the publisher makes it one
 * capped line before sending.
 */
export function formatProgress(snapshot: ProgressSnapshot, settings: FormatSettings = {}): string {
    const whole = formatWhole(snapshot, settings);
    if (whole === undefined) return formatRun(snapshot, settings);
    // The amount charged follows the whole's own wording; a stop at the maximum charge leads it.
    if (snapshot.status === 'migrating') return whole;
    const text = joinParts([whole, chargesPart(snapshot, settings)]);
    return stoppedAtMaxCharge(snapshot) ? `${maxChargeHead(snapshot, settings.locale)}${SEPARATOR}${text}` : text;
}

/** The wordings of a larger whole (several runs) and of a run in steps at its end; undefined for others. */
function formatWhole(snapshot: ProgressSnapshot, settings: FormatSettings): string | undefined {
    // A run that is part of a larger whole (several runs) words that whole first.
    const count = (value: number) => formatCount(value, settings.locale);
    // Their wordings say a stall as any run's does: "no progress for 1 min".
    const stalled = stall(snapshot);
    const stallPart = stalled === undefined ? {} : { stall: stalled };
    if (snapshot.childRuns) {
        return formatChildRuns(snapshot, snapshot.childRuns, { ...settings, count, ...stallPart });
    }
    if (snapshot.sharedQueue) {
        const fit = settings.maxLength === undefined ? {} : { maxLength: settings.maxLength };
        return formatSharedQueue(snapshot, snapshot.sharedQueue, { count, ...fit, ...stallPart });
    }
    if (snapshot.phase && snapshot.status !== 'running' && snapshot.status !== 'migrating') {
        return formatPhaseSummary(snapshot, {
            count: (value) => formatCount(value, settings.locale),
            duration: formatDuration,
            ...(settings.maxLength === undefined ? {} : { maxLength: settings.maxLength }),
        });
    }
    return undefined;
}

/** The built-in wording of one run, by its status. */
function formatRun(snapshot: ProgressSnapshot, settings: FormatSettings): string {
    const charges = chargesPart(snapshot, settings);
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
                    projectionPart(snapshot, (value) => formatCount(value, settings.locale)),
                    items(snapshot, settings),
                    failures(snapshot, settings),
                    charges,
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
            // Stopped by the user's maximum charge: what was handled is not all there was, so a total
            // stays as it was ("at least"), and an unknown one unknown ("5 products done").
            const atMax = stoppedAtMaxCharge(snapshot);
            const final =
                atMax && snapshot.total === undefined ? snapshot : withFinalTotal(snapshot, { cutShort: atMax });
            const head = atMax ? maxChargeHead(snapshot, settings.locale) : TERMINAL_HEADS.finished;
            const amount = atMax ? chargesPart(snapshot, { ...settings, maxInHead: true }) : charges;
            return fitFailureReasons(settings.maxLength, (maxReasons) =>
                joinParts([
                    `${head}: ${formatCounts(final, settings)}`,
                    items(snapshot, settings),
                    failures(final, settings, maxReasons),
                    amount,
                    `in ${formatDuration(snapshot.elapsedMs)}`,
                ]),
            );
        }
        case 'failed':
        case 'aborted':
        case 'timed-out': {
            const head = TERMINAL_HEADS[snapshot.status];
            const counts = formatCounts(withFinalTotal(snapshot, { cutShort: true }), settings);
            return fitFailureReasons(settings.maxLength, (maxReasons) =>
                joinParts([
                    `${head}: ${counts}`,
                    items(snapshot, settings),
                    failures(snapshot, settings, maxReasons),
                    charges,
                    snapshot.status === 'timed-out' ? undefined : shortEndReason(snapshot),
                ]),
            );
        }
    }
}
