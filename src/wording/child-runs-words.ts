import {
    type ChildRunProgress,
    type ChildRunState,
    type ChildRunsProgress,
    hasEnded,
} from '../counting/child-run-figures.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import { unitFor } from '../counting/units.js';
import {
    failureReasonsInBrackets,
    MAX_FAILURE_REASONS_SHOWN,
    mainFailureReasonInBrackets,
    topFailureReasonInBrackets,
} from './failure-words.js';
import { joinParts, SEPARATOR, shortEndReason, TERMINAL_HEADS } from './message-parts.js';
import { truncate } from './sanitize.js';

interface ChildRunsFormatSettings {
    /** Formats a count ("1,204"). */
    count: (value: number) => string;
    /** The longest the text may be: the list of runs is shortened, then left out, to stay below it. */
    maxLength?: number;
    /** "no progress for 1 min" while no run moves (a running message says it). */
    stall?: string;
}

type Count = (value: number) => string;

/** How a run that did not go on reads in the tallies, in the order they are listed. */
const ENDINGS: readonly [Exclude<ChildRunState, 'starting' | 'running'>, string][] = [
    ['finished', 'finished'],
    ['failed', 'failed'],
    ['aborted', 'aborted'],
    ['timed-out', 'timed out'],
    ['lost', 'lost'],
    ['not-found', 'not found'],
];

/** A label is the author's words or a run id: kept short, so that one long name cannot crowd out the rest. */
const MAX_LABEL_LENGTH = 40;

const runsWord = (value: number) => (value === 1 ? 'run' : 'runs');

function tally(runs: readonly ChildRunProgress[]): Map<ChildRunState, number> {
    const counts = new Map<ChildRunState, number>();
    for (const run of runs) counts.set(run.state, (counts.get(run.state) ?? 0) + 1);
    return counts;
}

/**
 * "12,040 of at least 30,000 pages", "118 of 120 pages", "40 pages" when no total is known, and
 * nothing before any run said anything (not even which noun it counts). The sum is a lower bound
 * while it is an estimate (runs still to start, or finding more): "at least", as the workers say it.
 */
function pages(snapshot: ProgressSnapshot, count: Count): string | undefined {
    const { done, total, totalIsEstimate, unit } = snapshot;
    if (total === undefined) return done === 0 ? undefined : `${count(done)} ${unitFor(done, unit)}`;
    return `${count(done)} of ${totalIsEstimate ? 'at least ' : ''}${count(total)} ${unitFor(total, unit)}`;
}

/**
 * The pages and their failures, as one part or two: "118 of 120 pages" and "2 failed (HTTP 500)"; once
 * the workers of a shared queue ended with pages their queue handled and none of them said how
 * (`childRuns.unreported`: a worker killed before it said so), those are handled, done or failed, and
 * never claimed done: "302 of 302 pages handled: at least 282 done, at least 2 failed (HTTP 500)".
 */
function pagesAndFailed(
    snapshot: ProgressSnapshot,
    childRuns: ChildRunsProgress,
    count: Count,
    maxReasons?: number,
): [pages: string | undefined, failed: string | undefined] {
    const unreported = childRuns.unreported ?? 0;
    const failed = failedPart(snapshot, count, maxReasons);
    if (unreported <= 0) return [pages(snapshot, count), failed];
    const { done, total, totalIsEstimate, unit } = snapshot;
    const handled = done + snapshot.failed + unreported;
    const of =
        total === undefined
            ? `${count(handled)} ${unitFor(handled, unit)}`
            : `${count(handled)} of ${totalIsEstimate ? 'at least ' : ''}${count(total)} ${unitFor(total, unit)}`;
    return [`${of} handled: at least ${count(done)} done${failed ? `, at least ${failed}` : ''}`, undefined];
}

/**
 * What children counting other nouns did, each noun apart: "30 of 80 products", "12 products" when
 * no total is known.
 */
function otherUnits(childRuns: ChildRunsProgress, count: Count): string | undefined {
    const parts = (childRuns.otherUnits ?? [])
        .filter(({ done, total }) => done > 0 || total !== undefined)
        .map(({ unit, done, total, totalIsEstimate }) =>
            total === undefined
                ? `${count(done)} ${unitFor(done, unit)}`
                : `${count(done)} of ${totalIsEstimate ? 'at least ' : ''}${count(total)} ${unitFor(total, unit)}`,
        );
    return parts.length === 0 ? undefined : parts.join(SEPARATOR);
}

/**
 * "12 failed" with why: the top reason in a running line once failures are notable ("(mostly HTTP
 * 429)"), up to `maxReasons` of them at the end ("(2 × HTTP 500, 1 × timeout)"), as any run says it.
 */
function failedPart(snapshot: ProgressSnapshot, count: Count, maxReasons?: number): string | undefined {
    if (snapshot.failed <= 0) return undefined;
    const why =
        maxReasons === undefined
            ? topFailureReasonInBrackets(snapshot)
            : failureReasonsInBrackets(snapshot.failures, maxReasons, count);
    return `${count(snapshot.failed)} failed${why}`;
}

/**
 * "1 run failed", "2 runs failed, 1 not found, 1 retried": the runs that did not end well while the
 * others go on, and the tries that were run again.
 */
function troubles(counts: Map<ChildRunState, number>, retried: number, count: Count): string | undefined {
    const parts: [number, string][] = ENDINGS.filter(([state]) => state !== 'finished').map(([state, words]) => [
        counts.get(state) ?? 0,
        words,
    ]);
    parts.push([retried, 'retried']);
    const shown = parts
        .filter(([value]) => value > 0)
        .map(([value, words], index) =>
            index === 0 ? `${count(value)} ${runsWord(value)} ${words}` : `${count(value)} ${words}`,
        );
    return shown.length === 0 ? undefined : shown.join(', ');
}

/** "2 finished, 1 failed, 1 not found". */
function endings(counts: Map<ChildRunState, number>, count: Count): string {
    return ENDINGS.filter(([state]) => (counts.get(state) ?? 0) > 0)
        .map(([state, words]) => `${count(counts.get(state) ?? 0)} ${words}`)
        .join(', ');
}

/** What each run is called in the list: its label, with the try when one name was run more than once. */
function labels(runs: readonly ChildRunProgress[]): Map<ChildRunProgress, string> {
    const tries = new Map<string, number>();
    for (const run of runs) tries.set(run.label, (tries.get(run.label) ?? 0) + 1);
    const seen = new Map<string, number>();
    const names = new Map<ChildRunProgress, string>();
    for (const run of runs) {
        const label = truncate(run.label, MAX_LABEL_LENGTH);
        const nth = (seen.get(run.label) ?? 0) + 1;
        seen.set(run.label, nth);
        names.set(run, (tries.get(run.label) ?? 1) > 1 ? `${label} (try ${nth})` : label);
    }
    return names;
}

/**
 * "worker-3: failed (exit code 1), 12 pages, 3 failed (HTTP 500)"; "run-x: not found"; "run-y: not
 * started"; "worker-1: failed (exit code 137), at least 39 pages" for a run that ended without saying
 * its last counts (what was seen of it is a floor), and no counts at all when none were seen of it.
 * Each run in its own noun.
 */
function oneRun(run: ChildRunProgress, name: string, unit: ProgressSnapshot['unit'], count: Count, why: boolean) {
    if (run.state === 'not-found') return `${name}: not found`;
    if (run.state === 'starting') return `${name}: not started`;
    const ended = hasEnded(run.state);
    const state = ended ? (ENDINGS.find(([ending]) => ending === run.state)?.[1] ?? run.state) : 'still running';
    const exit = run.state !== 'finished' && run.exitCode !== undefined ? ` (exit code ${run.exitCode})` : '';
    const floor = ended && run.final === false;
    if (floor && run.done === 0 && run.failed === 0) return `${name}: ${state}${exit}`;
    const atLeast = floor ? 'at least ' : '';
    // `?? []`: formatProgress is public, and a snapshot made by hand before `failures` existed has none.
    const failed =
        run.failed > 0
            ? `, ${count(run.failed)} failed${why ? mainFailureReasonInBrackets(run.failures ?? [], run.failed) : ''}`
            : '';
    return `${name}: ${state}${exit}, ${atLeast}${count(run.done)} ${unitFor(run.done, run.unit ?? unit)}${failed}`;
}

/** How much of the terminal message there is room for. */
interface Detail {
    /** Which runs are listed one by one. */
    runs: 'all' | 'not-well' | 'none';
    /** Whether a listed run names why its pages failed. */
    runReasons: boolean;
    /** How many reasons the sum of failures names. */
    maxReasons: number;
}

/** From the most to the least: the first that fits in `maxLength` is used. */
const DETAILS: readonly Detail[] = [
    { runs: 'all', runReasons: true, maxReasons: MAX_FAILURE_REASONS_SHOWN },
    { runs: 'all', runReasons: false, maxReasons: MAX_FAILURE_REASONS_SHOWN },
    { runs: 'not-well', runReasons: true, maxReasons: MAX_FAILURE_REASONS_SHOWN },
    { runs: 'not-well', runReasons: false, maxReasons: 1 },
    { runs: 'none', runReasons: false, maxReasons: 1 },
    { runs: 'none', runReasons: false, maxReasons: 0 },
];

/**
 * The wording of a parent following its child runs. Pure.
 *
 * - running: "3 of 8 runs finished · 12,040 of at least 30,000 pages · 12 failed · 1 run failed"
 * - finished, every run ended: "All 3 runs ended: 2 finished, 1 failed · 118 of 120 pages · 2 failed
 *   (HTTP 500) · worker-1: finished, 40 pages; worker-2: finished, 38 pages, 2 failed (HTTP 500);
 *   worker-3: failed (exit code 1), 12 pages"
 * - a worker on a shared queue killed before it said what it did: "All 3 runs ended: 2 finished, 1
 *   failed · 302 of 302 pages handled: at least 282 done, at least 2 failed (HTTP 500) · worker 1: ..."
 * - otherwise: "Finished: 2 of 3 runs ended (2 finished) · 1 still running · 78 of at least 120 pages
 *   · ..." with "Failed", "Aborted" or "Time limit reached" when the parent itself ended that way;
 *   "Finished: 0 of 1 run ended (1 not found)" for a run id that does not exist.
 * - a try that was run again under the same name (apify-orchestrator's retries) is not one of the
 *   runs counted, but its pages are, and it is listed as "crawl-1 (try 1): failed, 50 pages".
 */
export function formatChildRuns(
    snapshot: ProgressSnapshot,
    childRuns: ChildRunsProgress,
    settings: ChildRunsFormatSettings,
): string {
    const { count } = settings;
    const { runs, expected } = childRuns;
    const current = runs.filter((run) => !run.replaced);
    const retried = runs.length - current.length;
    const counts = tally(current);
    const finished = counts.get('finished') ?? 0;
    const status = snapshot.status;
    const working = status === 'running' || status === 'migrating';
    // Nothing followed and nothing expected: "All 0 runs finished" would claim what never happened.
    if (expected === 0 && runs.length === 0) {
        return working ? 'No runs followed yet' : `${TERMINAL_HEADS[status]}: no runs were followed`;
    }
    if (working) {
        const head = `${count(finished)} of ${count(expected)} ${runsWord(expected)} finished`;
        const [pagesDone, pagesFailed] = pagesAndFailed(snapshot, childRuns, count);
        const line = joinParts([
            head,
            pagesDone,
            otherUnits(childRuns, count),
            pagesFailed,
            troubles(counts, retried, count),
            settings.stall,
        ]);
        return status === 'migrating' ? `Migrating to another server, will resume at ${line}` : line;
    }
    const ended = current.filter((run) => hasEnded(run.state)).length;
    const notFound = counts.get('not-found') ?? 0;
    // Runs followed that never started, and runs expected that were never followed: neither ran.
    const starting = counts.get('starting') ?? 0;
    const stillRunning = current.length - ended - notFound - starting;
    const notStarted = expected - current.length + starting;
    const reason = status === 'failed' || status === 'aborted' ? shortEndReason(snapshot) : undefined;
    let head: string;
    if (status === 'finished' && stillRunning === 0 && notStarted === 0 && notFound === 0) {
        head =
            finished === ended
                ? `All ${count(expected)} ${runsWord(expected)} finished`
                : `All ${count(expected)} ${runsWord(expected)} ended: ${endings(counts, count)}`;
    } else {
        const how = ended + notFound > 0 ? ` (${endings(counts, count)})` : '';
        head = joinParts([
            `${TERMINAL_HEADS[status]}: ${count(ended)} of ${count(expected)} ${runsWord(expected)} ended${how}`,
            stillRunning > 0 ? `${count(stillRunning)} still running` : undefined,
            notStarted > 0 ? `${count(notStarted)} not started` : undefined,
        ]);
    }
    const names = labels(runs);
    const compose = (detail: Detail) => {
        const listed =
            detail.runs === 'all'
                ? runs
                : detail.runs === 'not-well'
                  ? runs.filter((run) => run.state !== 'finished')
                  : [];
        const list = listed
            .map((run) => oneRun(run, names.get(run) ?? run.label, snapshot.unit, count, detail.runReasons))
            .join('; ');
        const [pagesDone, pagesFailed] = pagesAndFailed(snapshot, childRuns, count, detail.maxReasons);
        return joinParts([
            head,
            retried > 0 ? `${count(retried)} ${runsWord(retried)} retried` : undefined,
            pagesDone,
            otherUnits(childRuns, count),
            pagesFailed,
            list,
            reason,
        ]);
    };
    let text = '';
    for (const detail of DETAILS) {
        text = compose(detail);
        if (settings.maxLength === undefined || text.length <= settings.maxLength) break;
    }
    return text;
}
