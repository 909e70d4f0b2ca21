/**
 * Where a child run stands, as its parent shows it. `starting` and `running` go on; the others are
 * how it ended (`lost`: the run is gone, e.g. deleted, or apify-orchestrator lost track of it).
 */
export type ChildRunState = 'starting' | 'running' | 'finished' | 'failed' | 'aborted' | 'timed-out' | 'lost';

/** One child run, as the parent last saw it. Plain data. */
export interface ChildRunProgress {
    runId: string;
    /** What the parent calls it: the label it was followed with, else its run id. */
    label: string;
    state: ChildRunState;
    /** Its exit code once it ended, when the platform gave one. */
    exitCode: number | undefined;
    /** Units it finished and failed, from its progress record or its status message. */
    done: number;
    failed: number;
    /** Its total, when it told one; the whole crawl's when it works on a shared queue. */
    total: number | undefined;
    totalIsEstimate: boolean;
}

/** The child runs a parent follows. The summed pages are the snapshot's `done`, `failed` and `total`. */
export interface ChildRunsProgress {
    /** How many runs the parent expects in all: the `runs` it gave, or as many as it follows when more. */
    expected: number;
    /** Every run followed, in the order they were followed. */
    runs: readonly ChildRunProgress[];
}

/** True once the run has ended, whichever way. */
export function hasEnded(state: ChildRunState): boolean {
    return state !== 'starting' && state !== 'running';
}
