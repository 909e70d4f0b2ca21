/** How the Actor ends. */
export type ExitPattern = 'sdk-exit' | 'progress-finish' | 'progress-exit-handlers';

export interface ExitParams {
    pattern: ExitPattern;
    /** Quiet time between the last progress message and the exit. */
    idleMs: number;
    message: string;
}

export interface ExitResult {
    /** `Date.now()` when the Actor started to exit. */
    exitStartedAt: number;
}
