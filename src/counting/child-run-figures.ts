/**
 * Where a child run stands, as its parent shows it. `starting` and `running` go on; `not-found` never
 * existed for the parent (a 404: a wrong id, or a token that may not read it); the others are how it
 * ended (`lost`: the run is gone, e.g. deleted, or apify-orchestrator lost track of it).
 */
export type ChildRunState =
    | 'starting'
    | 'running'
    | 'finished'
    | 'failed'
    | 'aborted'
    | 'timed-out'
    | 'lost'
    | 'not-found';

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
    /**
     * Why its units failed, most common first, as far as its record or its message says: the
     * snapshot's `FailureCount`s (spelled out here: the snapshot's module imports this one).
     */
    failures: readonly { reason: string; count: number }[];
    /** Its total, when it told one; the whole crawl's when it works on a shared queue. */
    total: number | undefined;
    totalIsEstimate: boolean;
    /**
     * The noun of its counts, when it named one: the parent's when it counts in it, else its own
     * ("products" where the parent counts pages). Undefined before it said anything.
     */
    unit?: readonly [singular: string, plural: string] | undefined;
    /**
     * Its counts are its last word: its record or its own terminal message said it ended. False while it
     * runs, and for a run that ended without saying so (killed): its counts are then the most that was
     * seen of it, at least that many.
     */
    final?: boolean;
    /**
     * A try that was run again under the same name (apify-orchestrator retries a run that failed): what
     * it did counts in the pages and in how runs ended, but it is not one of the runs expected.
     */
    replaced: boolean;
}

/** What child runs counting another noun than the parent's did, added up: "30 of 80 products". */
export interface ChildUnitCounts {
    unit: readonly [singular: string, plural: string];
    done: number;
    failed: number;
    total: number | undefined;
    totalIsEstimate: boolean;
}

/** The child runs a parent follows. The summed pages are the snapshot's `done`, `failed` and `total`. */
export interface ChildRunsProgress {
    /**
     * How many runs the parent expects in all: the `runs` it gave, or as many as it follows when more
     * (tries that were run again are not counted: their retries are).
     */
    expected: number;
    /** Every run followed, in the order they were followed, replaced tries included. */
    runs: readonly ChildRunProgress[];
    /**
     * Children counting other nouns, each noun added up apart (never into the snapshot's pages). Absent
     * or empty when every child counts the parent's noun.
     */
    otherUnits?: readonly ChildUnitCounts[];
    /**
     * Units the shared queue of workers that all ended handled beyond what they said they finished or
     * failed: a worker killed before it said so did them, each one done or failed, which is not known.
     * They are in neither `done` nor `failed` of the snapshot: "302 of 302 pages handled: at least 282
     * done". Absent when there are none.
     */
    unreported?: number;
}

/** True once the run has ended, whichever way. A run that was not found never ran: it has not ended. */
export function hasEnded(state: ChildRunState): boolean {
    return state !== 'starting' && state !== 'running' && state !== 'not-found';
}
