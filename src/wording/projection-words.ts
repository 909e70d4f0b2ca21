import type { ProgressSnapshot } from '../counting/snapshot.js';

/** Rounding may take a projection down by at most this share: about what rounding to the nearest two figures could move it. */
const MOST_ROUNDED_OFF = 0.05;

/**
 * A projection rounded the way it should be read: down to two significant figures (2,900 for 2,987,
 * 12,000 for 12,345), or to three or more where two would fall more than 5% below it or below the known
 * total (1,090 for 1,099; 1,040 with 1,035 known). A projection is an estimate, and "likely about 2,987"
 * would claim a precision it does not have. Always down, never up: the projection is already held
 * under the crawl's cap (`maxRequestsPerCrawl`), which the message does not know, and rounding up
 * could pass it ("likely about 1,300" under a cap of 1,250). Never below the known total either:
 * the message would contradict itself ("at least 2,140 · likely about 2,100").
 */
export function roundProjection(projected: number, known: number): number {
    const top = Math.max(projected, known);
    for (let figures = 2; top >= 10 ** figures; figures++) {
        const step = 10 ** (Math.floor(Math.log10(top)) + 1 - figures);
        const down = Math.floor(top / step) * step;
        if (down >= known && down >= top * (1 - MOST_ROUNDED_OFF)) return down;
    }
    return Math.max(Math.floor(top), known);
}

/** The projection of a growing total while the run goes on, or undefined. */
function projectionOf(snapshot: ProgressSnapshot): number | undefined {
    const { projectedTotal, total, totalIsEstimate, status } = snapshot;
    if (status !== 'running' || !totalIsEstimate || total === undefined) return undefined;
    return projectedTotal ?? undefined;
}

/**
 * "likely about 3,000", after "1,204 of at least 2,100 pages done": what the projection adds to the
 * at-least total, which stays as it is (the projection is a likelihood, the at-least total a fact).
 */
export function projectionPart(snapshot: ProgressSnapshot, count: (value: number) => string): string | undefined {
    const projected = projectionOf(snapshot);
    if (projected === undefined || snapshot.total === undefined) return undefined;
    return `likely about ${count(roundProjection(projected, snapshot.total))}`;
}

/** The time left a progress message shows: the firm total's forecast, else the projection's. */
export function timeLeftMs(snapshot: ProgressSnapshot): number | undefined {
    if (snapshot.etaMs !== undefined) return snapshot.etaMs;
    const seconds = snapshot.projectedSecondsLeft;
    return projectionOf(snapshot) === undefined || seconds === null || seconds === undefined
        ? undefined
        : seconds * 1000;
}
