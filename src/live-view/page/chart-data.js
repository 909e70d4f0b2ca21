// The chart's columns from the points kept: no DOM here. Time is seconds since the run started.

/** How far past now a projection may reach, as a share of the time so far: the run stays readable. */
const PROJECTION_REACH = 1 / 3;

/** Where the run is likely heading, from the document; undefined when the reporter abstains or it ended. */
export function projectionOf(doc) {
    const total = doc.projectedTotal;
    const running = doc.status === 'running' || doc.status === 'migrating';
    if (total === null || total === undefined || !running) return undefined;
    return { total, secondsLeft: doc.projectedSecondsLeft ?? null };
}

/**
 * `columns` for uPlot (x, done, failed, total, rate, likely), `steps` (where each step begins) and
 * `latest`, the index of the last point kept (the projection may add one after it).
 * A step's counts start again at 0: between two steps the lines break (a row of nulls) rather than
 * drop. The projection runs from the last point to the likely total (dashed): along the time left
 * when it is known (cut at a third of the time so far, at the value on the way), else level.
 */
export function chartData(points, startedAt, projection) {
    const columns = [[], [], [], [], [], []];
    const push = (row) => {
        for (const [i, value] of row.entries()) columns[i].push(value);
    };
    const steps = [];
    let previous;
    for (const [at, done, failed, total, rate, step] of points) {
        const seconds = (at - startedAt) / 1000;
        const x = columns[0];
        if (x.length > 0 && step !== previous) {
            push([(x.at(-1) + seconds) / 2, null, null, null, null, null]);
            if (step !== null) steps.push({ x: seconds, step });
        } else if (x.length === 0 && step !== null) {
            steps.push({ x: seconds, step });
        }
        push([seconds, done, failed, total, rate, null]);
        previous = step;
    }
    const last = columns[0].length - 1;
    const latest = last >= 0 ? last : null;
    if (projection && last >= 0) {
        const likely = columns[5];
        const x = columns[0][last];
        const done = columns[1][last] ?? 0;
        if (projection.secondsLeft !== null && projection.secondsLeft > 0) {
            const reach = Math.max(60, x * PROJECTION_REACH);
            const dx = Math.min(projection.secondsLeft, reach);
            likely[last] = done;
            push([x + dx, null, null, null, null, done + (projection.total - done) * (dx / projection.secondsLeft)]);
        } else {
            likely[0] = projection.total;
            likely[last] = projection.total;
        }
    }
    return { columns, steps, latest };
}
