import type { RunOutcome } from '../counting/outcome.js';
import type { TerminalOutcome } from '../delivery/publisher.js';
import type { OnceLog } from '../log/once-log.js';
import { callText, outcomeProblem, readOutcome } from '../options/arguments.js';
import type { RecordWriter } from '../record/record-writer.js';
import { toStatusLine } from '../wording/sanitize.js';

/** `finish`, `abort` and `end` never throw and always end: a bad argument costs one warning. */
function warnEndArgument(log: OnceLog, method: string, args: readonly unknown[], problem: string): void {
    log.warnOnce(`bad-argument:${method}`, `${callText(method, args)}: ${problem}; ending with the built-in wording.`);
}

/** Blank once made one line (empty, spaces, line breaks, control characters): the Console would show nothing. */
function isBlank(message: string): boolean {
    return toStatusLine(message, Number.MAX_SAFE_INTEGER) === '';
}

/** The outcome `finish(message)` ends with; a message that is not a string, or is blank, is left out. */
export function finishOutcome(message: string | undefined, log: OnceLog): RunOutcome {
    if (message !== undefined && typeof message !== 'string') {
        warnEndArgument(log, 'finish', [message], 'message must be a string');
        return { status: 'finished' };
    }
    if (message !== undefined && isBlank(message)) {
        warnEndArgument(log, 'finish', [message], 'message is blank');
        return { status: 'finished' };
    }
    return { status: 'finished', ...(message === undefined ? {} : { message }) };
}

/**
 * The outcome `end(outcome)` ends with: one that is not `{ status, reason?, message? }` ends as
 * `finish()` would; a blank message is left out (the status stays).
 */
export function checkedOutcome(given: RunOutcome, log: OnceLog): RunOutcome {
    const read = readOutcome(given);
    const problem = read === undefined ? 'outcome could not be read' : outcomeProblem(read.outcome);
    if (problem || read === undefined) {
        warnEndArgument(log, 'end', [given], problem ?? 'outcome could not be read');
        return { status: 'finished', reason: undefined };
    }
    const outcome = read.outcome as RunOutcome;
    if (typeof outcome.message === 'string' && isBlank(outcome.message)) {
        warnEndArgument(log, 'end', [given], 'outcome.message is blank');
        const { message: _blank, ...rest } = outcome;
        return rest;
    }
    return outcome;
}

/** What a later call to `end()` resolves with: the first one's outcome, a delivered message as already sent. */
export function repeatedEnd(ending: Promise<TerminalOutcome>): Promise<TerminalOutcome> {
    return ending.then((result) => (result === 'delivered' ? 'already-sent' : result));
}

interface AfterTerminalSteps {
    /** When `end()` was called (`Date.now()`): the terminal deadline counts from there. */
    startedAt: number;
    terminalDeadlineMs: number;
    record: RecordWriter | undefined;
    /**
     * The terminal message did not land: the record, which nothing on the Console contradicts then,
     * gets the counts of the moment it is written (see `RunState`).
     */
    notLanded: () => void;
    /** Lets the exit handlers go (but the exit hook after a run that finished). */
    settled: () => void;
}

/**
 * Once the terminal message is settled: the final record, then the exit handlers are let go (the run
 * stays claimed: nothing may follow its terminal message). Resolves with the terminal message's outcome.
 */
export function afterTerminal(terminal: Promise<TerminalOutcome>, steps: AfterTerminalSteps): Promise<TerminalOutcome> {
    return terminal.then(async (result) => {
        // After the terminal message, so the record holds it; within what is left of the same
        // deadline, which bounds the whole end (nothing is written when it is spent).
        const left = steps.terminalDeadlineMs - (Date.now() - steps.startedAt);
        if (result !== 'delivered' && result !== 'already-sent') steps.notLanded();
        await steps.record?.finish(Math.max(0, left));
        steps.settled();
        return result;
    });
}
