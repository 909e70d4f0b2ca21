import type { ProgressSnapshot, TerminalStatus } from './snapshot.js';

/** How a run ended, as `reporter.end()` takes it. */
export interface RunOutcome {
    status: TerminalStatus;
    /** Why it failed or was aborted: an Error's message is used. */
    reason?: unknown;
    /** The exact text to send instead of the built-in wording (a user's own exit message). */
    message?: string;
}

/**
 * Whether the run did all it had to: a firm total, every unit of it handled (done or failed), and no
 * step left after the current one when the number of steps is known. Unknown (false) without a
 * firm total. Pure.
 */
export function isCompleted(snapshot: ProgressSnapshot): boolean {
    const { total, totalIsEstimate, done, failed, phase } = snapshot;
    if (total === undefined || totalIsEstimate || done + failed < total) return false;
    return phase?.count === undefined || phase.index >= phase.count;
}
