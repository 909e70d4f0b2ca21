import { type ChildRunProgress, type ChildRunState, type ChildRunsProgress, hasEnded } from '../counting/child-runs.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import { unitFor } from '../counting/units.js';
import { SEPARATOR, shortReason } from './parts.js';
import { truncate } from './sanitize.js';

interface ChildRunsFormatSettings {
    /** Formats a count ("1,204"). */
    count: (value: number) => string;
    /** The longest the text may be: the list of runs is shortened, then left out, to stay below it. */
    maxLength?: number;
}

/** How an ended run reads in the tallies, in the order they are listed. */
const ENDINGS: readonly [Exclude<ChildRunState, 'starting' | 'running'>, string][] = [
    ['finished', 'finished'],
    ['failed', 'failed'],
    ['aborted', 'aborted'],
    ['timed-out', 'timed out'],
    ['lost', 'lost'],
];

/** A label is the author's words or a run id: kept short, so that one long name cannot crowd out the rest. */
const MAX_LABEL_LENGTH = 40;

function join(parts: (string | undefined)[]): string {
    return parts.filter((part): part is string => Boolean(part)).join(SEPARATOR);
}

function tally(runs: readonly ChildRunProgress[]): Map<ChildRunState, number> {
    const counts = new Map<ChildRunState, number>();
    for (const run of runs) counts.set(run.state, (counts.get(run.state) ?? 0) + 1);
    return counts;
}

const runsWord = (value: number) => (value === 1 ? 'run' : 'runs');

/**
 * "12,040 of about 30,000 pages", "118 of 120 pages", "40 pages" when no total is known, and nothing
 * before any run said anything (not even which noun it counts).
 */
function pages(snapshot: ProgressSnapshot, count: (value: number) => string): string | undefined {
    const { done, total, totalIsEstimate, unit } = snapshot;
    if (total === undefined) return done === 0 ? undefined : `${count(done)} ${unitFor(done, unit)}`;
    return `${count(done)} of ${totalIsEstimate ? 'about ' : ''}${count(total)} ${unitFor(total, unit)}`;
}

/** "1 run failed", "2 runs failed, 1 aborted": the runs that did not end well, while the others go on. */
function troubles(counts: Map<ChildRunState, number>, count: (value: number) => string): string | undefined {
    const parts = ENDINGS.filter(([state]) => state !== 'finished' && (counts.get(state) ?? 0) > 0).map(
        ([state, words], index) => {
            const value = counts.get(state) ?? 0;
            return index === 0 ? `${count(value)} ${runsWord(value)} ${words}` : `${count(value)} ${words}`;
        },
    );
    return parts.length === 0 ? undefined : parts.join(', ');
}

/** "2 finished, 1 failed". */
function endings(counts: Map<ChildRunState, number>, count: (value: number) => string): string {
    return ENDINGS.filter(([state]) => (counts.get(state) ?? 0) > 0)
        .map(([state, words]) => `${count(counts.get(state) ?? 0)} ${words}`)
        .join(', ');
}

/** "worker-3: failed (exit code 1), 12 pages". */
function oneRun(run: ChildRunProgress, snapshot: ProgressSnapshot, count: (value: number) => string): string {
    const state = hasEnded(run.state)
        ? (ENDINGS.find(([ending]) => ending === run.state)?.[1] ?? run.state)
        : 'still running';
    const exit = run.state !== 'finished' && run.exitCode !== undefined ? ` (exit code ${run.exitCode})` : '';
    return `${truncate(run.label, MAX_LABEL_LENGTH)}: ${state}${exit}, ${count(run.done)} ${unitFor(run.done, snapshot.unit)}`;
}

/**
 * How each run ended, as much as fits: every run; else only those that did not finish well; else
 * none (the tallies before it already say how many ended which way).
 */
function eachRun(
    snapshot: ProgressSnapshot,
    runs: readonly ChildRunProgress[],
    compose: (list: string | undefined) => string,
    settings: ChildRunsFormatSettings,
): string {
    const list = (chosen: readonly ChildRunProgress[]) =>
        chosen.length === 0 ? undefined : chosen.map((run) => oneRun(run, snapshot, settings.count)).join('; ');
    const fits = (text: string) => settings.maxLength === undefined || text.length <= settings.maxLength;
    const all = compose(list(runs));
    if (fits(all)) return all;
    const notWell = compose(list(runs.filter((run) => run.state !== 'finished')));
    return fits(notWell) ? notWell : compose(undefined);
}

/**
 * The wording of a parent following its child runs. Pure.
 *
 * - running: "3 of 8 runs finished · 12,040 of about 30,000 pages · 1 run failed"
 * - finished, every run ended: "All 3 runs ended: 2 finished, 1 failed · 118 of 120 pages · worker-1:
 *   finished, 40 pages; worker-2: finished, 38 pages; worker-3: failed (exit code 1), 12 pages"
 * - otherwise: "Finished: 2 of 3 runs ended (2 finished) · 1 still running · 78 of about 120 pages · ..."
 *   with "Failed", "Aborted" or "Time limit reached" when the parent itself ended that way.
 */
export function formatChildRuns(
    snapshot: ProgressSnapshot,
    childRuns: ChildRunsProgress,
    settings: ChildRunsFormatSettings,
): string {
    const { count } = settings;
    const { runs, expected } = childRuns;
    const counts = tally(runs);
    const ended = runs.filter((run) => hasEnded(run.state)).length;
    const finished = counts.get('finished') ?? 0;
    const status = snapshot.status;
    if (status === 'running' || status === 'migrating') {
        const head = `${count(finished)} of ${count(expected)} ${runsWord(expected)} finished`;
        const line = join([head, pages(snapshot, count), troubles(counts, count)]);
        return status === 'migrating' ? `Migrating to another server, will resume at ${line}` : line;
    }
    const stillRunning = runs.length - ended;
    const notStarted = expected - runs.length;
    const reason = status === 'failed' || status === 'aborted' ? shortReason(snapshot) : undefined;
    let head: string;
    if (status === 'finished' && stillRunning === 0 && notStarted === 0) {
        head =
            finished === ended
                ? `All ${count(expected)} ${runsWord(expected)} finished`
                : `All ${count(expected)} ${runsWord(expected)} ended: ${endings(counts, count)}`;
    } else {
        const word = { finished: 'Finished', failed: 'Failed', aborted: 'Aborted', 'timed-out': 'Time limit reached' }[
            status
        ];
        const how = ended > 0 ? ` (${endings(counts, count)})` : '';
        head = join([
            `${word}: ${count(ended)} of ${count(expected)} ${runsWord(expected)} ended${how}`,
            stillRunning > 0 ? `${count(stillRunning)} still running` : undefined,
            notStarted > 0 ? `${count(notStarted)} not started` : undefined,
        ]);
    }
    return eachRun(snapshot, runs, (list) => join([head, pages(snapshot, count), list, reason]), settings);
}
