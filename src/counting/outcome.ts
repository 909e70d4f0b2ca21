import type { TerminalStatus } from './snapshot.js';

/** How a run ended, as `reporter.end()` takes it. */
export interface RunOutcome {
    status: TerminalStatus;
    /** Why it failed or was aborted: an Error's message is used. */
    reason?: unknown;
    /** The exact text to send instead of the built-in wording (a user's own exit message). */
    message?: string;
}
