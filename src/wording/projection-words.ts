import type { ProgressSnapshot } from '../counting/snapshot.js';

/**
 * A projection rounded the way it should be read, to two significant figures (3,000, 12,000, 990; below
 * 100 as it is): a projection is an estimate, and "likely about 2,987" would claim a precision it does
 * not have. Never below the known total: rounding down past it would make the message contradict
 * itself ("at least 2,140 · likely about 2,100"), so it rounds up instead.
 */
export function roundProjection(projected: number, known: number): number {
    if (projected < 100) return Math.max(Math.ceil(projected), known);
    const step = 10 ** (Math.floor(Math.log10(projected)) - 1);
    const nearest = Math.round(projected / step) * step;
    return nearest >= known ? nearest : Math.ceil(known / step) * step;
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
