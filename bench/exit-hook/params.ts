/**
 * How the child ends, all with a direct `process.exit(0)`:
 * - 'no-hook': a reporter without exit handling (`handleExit: false`): what the exit costs anyway.
 * - 'landed': `await reporter.finish()` first, so the exit hook is already gone.
 * - 'hook': no terminal message yet, so the exit hook sends it synchronously.
 * - 'slow-no-hook' / 'slow-hook': the same two with a progress call on the wire (the API applies it
 *   `SLOW_APPLY_MS` late), `process.exit(0)` `EXIT_AFTER_CALL_MS` after it went out (issue 18, item 3).
 */
export type ExitHookPattern = 'no-hook' | 'landed' | 'hook' | 'slow-no-hook' | 'slow-hook';

/** How late the API applies the progress call on the wire in the slow rows. */
export const SLOW_APPLY_MS = 2_500;
/** How long after that call went out the child exits. */
export const EXIT_AFTER_CALL_MS = 150;

export interface ExitHookParams {
    pattern: ExitHookPattern;
}

export interface ExitHookResult {
    /** `Date.now()` right before `process.exit(0)`. */
    exitStartedAt: number;
}
