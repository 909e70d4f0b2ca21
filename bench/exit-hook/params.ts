/**
 * How the child ends, all with a direct `process.exit(0)`:
 * - 'no-hook': a reporter without exit handling (`handleExit: false`): what the exit costs anyway.
 * - 'landed': `await reporter.finish()` first, so the exit hook is already gone.
 * - 'hook': no terminal message yet, so the exit hook sends it synchronously.
 */
export type ExitHookPattern = 'no-hook' | 'landed' | 'hook';

export interface ExitHookParams {
    pattern: ExitHookPattern;
}

export interface ExitHookResult {
    /** `Date.now()` right before `process.exit(0)`. */
    exitStartedAt: number;
}
