import type { CompletedPhase, ProgressSnapshot } from '../counting/snapshot.js';
import { unitFor } from '../counting/units.js';
import { failureReasonsInBrackets, MAX_FAILURE_REASONS_SHOWN } from './failure-words.js';
import { itemsPart, SEPARATOR, shortEndReason } from './message-parts.js';
import { truncate } from './sanitize.js';

interface PhaseFormatSettings {
    /** Formats a count ("1,204"). */
    count: (value: number) => string;
    /** The longest the text may be; step details are shortened, then left out, to stay below it. */
    maxLength?: number;
    /** "5 min", for the finished summary. */
    duration: (ms: number) => string;
}

type Step = Required<Pick<CompletedPhase, 'name' | 'done' | 'failed' | 'unit'>> & { total: number | undefined };

/** The steps of a run in order, the one running now last, each with a firm total once it has ended. */
function stepsOf(snapshot: ProgressSnapshot): Step[] {
    const ended = (snapshot.completedPhases ?? []).map((phase) => ({
        name: phase.name,
        done: phase.done,
        failed: phase.failed,
        unit: phase.unit ?? snapshot.unit,
        total: finalTotal(phase.done, phase.failed, phase.total),
    }));
    if (!snapshot.phase) return ended;
    const settle = snapshot.status === 'finished' || snapshot.total === undefined;
    return [
        ...ended,
        {
            name: snapshot.phase.name,
            done: snapshot.done,
            failed: snapshot.failed,
            unit: snapshot.unit,
            // A run that stopped midway keeps its announced total: "40 of 500" says how far it got.
            total: settle ? finalTotal(snapshot.done, snapshot.failed, snapshot.total) : snapshot.total,
        },
    ];
}

/** Once a step is over, what it handled is its total unless a larger one was announced. */
function finalTotal(done: number, failed: number, total: number | undefined): number {
    return total === undefined || total < done + failed ? done + failed : total;
}

/**
 * The longest a step's name is in a message: a name is a label, and the counts after it must fit.
 * Without a cap, a name of 3,000 characters made the summary too long to name that step at all.
 */
export const MAX_STEP_NAME_LENGTH = 60;

/** Ever shorter names, tried in turn before a summary too long for its cap leaves steps out. */
const SHORTER_NAME_LENGTHS = [24, 12, 6] as const;

/** A step's name as a message shows it: at most `maxLength` characters, ending in "…" when cut. */
export function stepName(name: string, maxLength = MAX_STEP_NAME_LENGTH): string {
    return truncate(name, maxLength);
}

function fullStep(step: Step, count: (value: number) => string, nameLength = MAX_STEP_NAME_LENGTH): string {
    const noun = unitFor(step.total ?? step.done, step.unit);
    const of = step.total === undefined ? '' : ` of ${count(step.total)}`;
    return `${stepName(step.name, nameLength)} ${count(step.done)}${of} ${noun}`;
}

function shortStep(step: Step, count: (value: number) => string, nameLength = MAX_STEP_NAME_LENGTH): string {
    const name = stepName(step.name, nameLength);
    return step.total === undefined
        ? `${name} ${count(step.done)}`
        : `${name} ${count(step.done)}/${count(step.total)}`;
}

function head(snapshot: ProgressSnapshot, stepCount: number): string {
    if (snapshot.status === 'finished') return `Finished ${stepCount} ${stepCount === 1 ? 'step' : 'steps'}`;
    const phase = snapshot.phase;
    const where = phase
        ? ` at step ${phase.index}${phase.count === undefined ? '' : ` of ${phase.count}`}`
        : ` after ${stepCount} ${stepCount === 1 ? 'step' : 'steps'}`;
    switch (snapshot.status) {
        case 'failed':
            return `Failed${where}`;
        case 'aborted':
            return `Aborted${where}`;
        case 'timed-out':
            return `Time limit reached${where}`;
        default:
            return `Stopped${where}`;
    }
}

/**
 * The terminal message of a run that worked in steps, summing every step up: "Finished 3 steps:
 * Listing 10 of 10 categories · Scraping 500 of 500 pages · 1,450 items · 2 failed (HTTP 500) · in 5 min".
 * Each name is at most `MAX_STEP_NAME_LENGTH` characters. When that is longer than `maxLength`, fewer
 * failure reasons are named, steps are written short ("Scraping 500/500"), then with ever shorter
 * names; only if even that is too long (a great many steps, or a tiny cap) is the last step named
 * alone, so the counts and the outcome always fit.
 */
export function formatPhaseSummary(snapshot: ProgressSnapshot, settings: PhaseFormatSettings): string {
    const steps = stepsOf(snapshot);
    const failed = steps.reduce((sum, step) => sum + step.failed, 0);
    const tail = (maxReasons: number) =>
        [
            itemsPart(snapshot, settings.count),
            failed > 0
                ? `${settings.count(failed)} failed${failureReasonsInBrackets(snapshot.failures, maxReasons, settings.count)}`
                : undefined,
            snapshot.status === 'finished' ? `in ${settings.duration(snapshot.elapsedMs)}` : undefined,
            snapshot.status === 'failed' || snapshot.status === 'aborted' ? shortEndReason(snapshot) : undefined,
        ].filter((part): part is string => Boolean(part));
    const compose = (parts: string[], maxReasons: number) =>
        [`${head(snapshot, steps.length)}: ${parts.join(SEPARATOR)}`, ...tail(maxReasons)].join(SEPARATOR);

    const full = steps.map((step) => fullStep(step, settings.count));
    const short = steps.map((step) => shortStep(step, settings.count));
    const max = settings.maxLength;
    let text = compose(full, MAX_FAILURE_REASONS_SHOWN);
    if (max === undefined || text.length <= max) return text;
    for (const [parts, maxReasons] of [
        [full, 1],
        [short, 1],
        [short, 0],
    ] as const) {
        text = compose([...parts], maxReasons);
        if (text.length <= max) return text;
    }
    for (const nameLength of SHORTER_NAME_LENGTHS) {
        text = compose(
            steps.map((step) => shortStep(step, settings.count, nameLength)),
            0,
        );
        if (text.length <= max) return text;
    }
    const last = steps.at(-1);
    return last ? compose([fullStep(last, settings.count)], 0) : text;
}
