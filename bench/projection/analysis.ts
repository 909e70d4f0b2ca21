import { roundProjection } from '../../src/wording/projection-words.js';
import type { Sample, ShapeTrace } from './params.js';

/** The points of a crawl the figures are judged at: shares of its final count handled. */
export const CHECKPOINTS = [0.1, 0.25, 0.5, 0.75] as const;
/** The points the time left is judged at. */
export const TIME_CHECKPOINTS = [0.25, 0.5] as const;

/** What one way of telling the final size said at the checkpoints. */
export interface MethodReport {
    /** Signed error of the figure shown for the final size (projection, else the at-least total), per checkpoint. */
    sizeErrors: number[];
    /** Signed error of the time left shown, per time checkpoint; undefined when none was shown. */
    timeErrors: (number | undefined)[];
    /** Share of the readings, while the total was an estimate, with no projection. */
    abstained: number;
    /** The largest error of a projection (not the at-least total) once a fifth of the crawl was done. */
    worstProjectionAfterFifth: number | undefined;
    /** Readings whose projection was below the known total. */
    belowKnown: number;
    /** Readings with a projection, and those among them where it was further from the final count than the at-least total. */
    shown: number;
    worseThanAtLeast: number;
}

export interface ShapeReport {
    shape: string;
    final: number;
    seconds: number;
    projection: MethodReport;
    atLeast: MethodReport;
    anchors: MethodReport;
}

/** What a method shows at one reading: a projected total and time left, or nothing (undefined). */
interface Figures {
    projected: number | undefined;
    secondsLeft: number | undefined;
}

type Method = (samples: readonly Sample[], index: number) => Figures;

/** The projection as the message words it ("likely about 2,900"): the data's figure, rounded down. */
const projectionMethod: Method = (samples, index) => {
    const { projectedTotal, total, projectedSecondsLeft } = samples[index] as Sample;
    return {
        projected: projectedTotal === null ? undefined : roundProjection(projectedTotal, total ?? 0),
        secondsLeft: projectedSecondsLeft ?? undefined,
    };
};

/** The at-least total alone: no projection; the time left it implies at the current rate. */
const atLeastMethod: Method = (samples, index) => {
    const { total, handled, ratePerMinute } = samples[index] as Sample;
    const secondsLeft =
        total !== null && ratePerMinute !== null && ratePerMinute > 0
            ? ((total - handled) / ratePerMinute) * 60
            : undefined;
    return { projected: undefined, secondsLeft };
};

/** Least-squares line through (x, y): slope and value at `at`. */
function line(xs: readonly number[], ys: readonly number[], at: number): { slope: number; value: number } {
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
        sxx += ((xs[i] as number) - mx) ** 2;
        sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    }
    const slope = sxx === 0 ? 0 : sxy / sxx;
    return { slope, value: my + slope * (at - mx) };
}

/** A meeting further ahead than this many times the crawl so far is no meeting: the lines run nearly parallel. */
const ANCHORS_HORIZON = 10;

/**
 * The anchors' idea (browsertrix #1792): extrapolate the queued (known total) and crawled (handled)
 * curves until they meet, each a straight line through the readings of the last quarter of the
 * handled count (the same stretch the projection reads). No meeting ahead (or none within
 * `ANCHORS_HORIZON` times the crawl so far): nothing shown.
 */
const anchorsMethod: Method = (samples, index) => {
    const now = samples[index] as Sample;
    const window = samples.slice(0, index + 1).filter((s) => s.handled >= now.handled * 0.75 && s.total !== null);
    if (window.length < 4 || now.total === null) return { projected: undefined, secondsLeft: undefined };
    const ts = window.map((s) => s.t);
    const queued = line(
        ts,
        window.map((s) => s.total ?? 0),
        now.t,
    );
    const crawled = line(
        ts,
        window.map((s) => s.handled),
        now.t,
    );
    const closing = crawled.slope - queued.slope;
    const gap = queued.value - crawled.value;
    if (closing <= 0 || gap < 0) return { projected: undefined, secondsLeft: undefined };
    const msLeft = gap / closing;
    if (msLeft > now.t * ANCHORS_HORIZON) return { projected: undefined, secondsLeft: undefined };
    const projected = Math.max(now.total, crawled.value + crawled.slope * msLeft);
    return { projected, secondsLeft: msLeft / 1000 };
};

/** The last reading taken with at most `share` of the final count handled. */
function readingAt(samples: readonly Sample[], final: number, share: number): number {
    let found = 0;
    samples.forEach((sample, index) => {
        if (sample.handled <= final * share) found = index;
    });
    return found;
}

function report(trace: ShapeTrace, method: Method): MethodReport {
    const { samples, final, endedAt } = trace;
    const figureAt = (index: number) => {
        const sample = samples[index] as Sample;
        return method(samples, index).projected ?? sample.total ?? 0;
    };
    const sizeErrors = CHECKPOINTS.map((share) => figureAt(readingAt(samples, final, share)) / final - 1);
    const timeErrors = TIME_CHECKPOINTS.map((share) => {
        const index = readingAt(samples, final, share);
        const secondsLeft = method(samples, index).secondsLeft;
        const truth = (endedAt - (samples[index] as Sample).t) / 1000;
        return secondsLeft === undefined || truth <= 0 ? undefined : secondsLeft / truth - 1;
    });
    let estimating = 0;
    let abstaining = 0;
    let worst: number | undefined;
    let belowKnown = 0;
    let shown = 0;
    let worseThanAtLeast = 0;
    samples.forEach((sample, index) => {
        if (!sample.totalIsEstimate || sample.total === null || sample.handled === 0) return;
        estimating++;
        const { projected } = method(samples, index);
        if (projected === undefined) {
            abstaining++;
            return;
        }
        shown++;
        if (projected < sample.total) belowKnown++;
        if (Math.abs(projected - final) > Math.abs(sample.total - final)) worseThanAtLeast++;
        if (sample.handled >= final / 5) worst = Math.max(worst ?? 0, Math.abs(projected / final - 1));
    });
    return {
        sizeErrors,
        timeErrors,
        abstained: estimating === 0 ? 0 : abstaining / estimating,
        worstProjectionAfterFifth: worst,
        belowKnown,
        shown,
        worseThanAtLeast,
    };
}

export function analyzeTrace(trace: ShapeTrace): ShapeReport {
    return {
        shape: trace.shape,
        final: trace.final,
        seconds: trace.endedAt / 1000,
        projection: report(trace, projectionMethod),
        atLeast: report(trace, atLeastMethod),
        anchors: report(trace, anchorsMethod),
    };
}

/** Mean absolute size error over every shape and checkpoint. */
export function meanSizeError(reports: readonly ShapeReport[], pick: (report: ShapeReport) => MethodReport): number {
    const errors = reports.flatMap((r) => pick(r).sizeErrors.map(Math.abs));
    return errors.reduce((a, b) => a + b, 0) / errors.length;
}

/** How the projection met a section behind one link (see `sectionBehindOneLink`), read from one crawl. */
export interface SectionReaction {
    /** Handled when the section's pages first showed (the known total passed the main site's size). */
    showedAt: number;
    /** The error of the figure shown just before: the main site's size, taken for the whole. */
    errorBefore: number;
    /** Pages handled and seconds passed from then until the projection was withdrawn (0 when none was shown). */
    pagesToWithdraw: number;
    secondsToWithdraw: number;
    /** Where a projection was next shown (share of the final count) and its error; undefined when never again. */
    backAt: number | undefined;
    errorBack: number | undefined;
}

/** The figure a message showed for the final size at a reading: the projection as worded, else the at-least total. */
function shownFigure({ projectedTotal, total }: Sample): number {
    return projectedTotal === null ? (total ?? 0) : roundProjection(projectedTotal, total ?? 0);
}

export function sectionReaction(trace: ShapeTrace, firstSectionPage: number): SectionReaction | undefined {
    const { samples, final } = trace;
    // The bridge names the section's first page (the known total reaches it); more means its pages were opened.
    const showed = samples.findIndex((s) => (s.total ?? 0) > firstSectionPage + 1);
    if (showed < 1) return undefined;
    const before = samples[showed - 1] as Sample;
    const withdrawn = samples.findIndex((s, i) => i >= showed && s.projectedTotal === null);
    if (withdrawn < 0) return undefined;
    const back = samples.findIndex((s, i) => i > withdrawn && s.projectedTotal !== null);
    const at = (index: number) => samples[index] as Sample;
    return {
        showedAt: at(showed).handled,
        errorBefore: shownFigure(before) / final - 1,
        pagesToWithdraw: at(withdrawn).handled - at(showed).handled,
        secondsToWithdraw: (at(withdrawn).t - at(showed).t) / 1000,
        backAt: back < 0 ? undefined : at(back).handled / final,
        errorBack: back < 0 ? undefined : shownFigure(at(back)) / final - 1,
    };
}
