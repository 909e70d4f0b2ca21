import type { ChildRunsProgress } from '../counting/child-run-figures.js';
import type { Clock } from '../counting/clock.js';
import type { CrawlReading } from '../counting/shared-queue-figures.js';
import type { FailureCount, RunStatus } from '../counting/snapshot.js';
import type { Unit } from '../counting/units.js';

/**
 * What the features for several runs need from a reporter. Declared here, on their side, so that they
 * never import the reporter; the reporter hands them an object that implements it.
 */
export interface ScaleOutPort {
    /** The reporter's options these features go by (its `ResolvedOptions`). */
    readonly options: {
        readonly clock: Clock;
        /** Least spacing of status messages: also of queue reads and of each child's reads. */
        readonly intervalMs: number;
        readonly requestTimeoutMs: number;
        /** The reporter's noun: the author's when `unitWasSet`. */
        readonly unit: readonly [singular: string, plural: string];
        /** The author chose the noun: the children's is not taken. */
        readonly unitWasSet: boolean;
    };
    /** Where the reporter's own run stands: nothing is read once it is ending. */
    readonly status: RunStatus;
    /**
     * Takes what is known of a shared queue; counts never go backwards. A change makes a new message,
     * unless `quiet`.
     */
    updateSharedQueue(update: { queueId?: string; runs?: number; reading?: CrawlReading; quiet?: boolean }): void;
    /** Replaces the child runs and their summed counts; a change makes a new message. */
    setChildRuns(
        childRuns: ChildRunsProgress,
        counts: {
            done: number;
            failed: number;
            failures: readonly FailureCount[];
            total: number | undefined;
            totalIsEstimate: boolean;
        },
    ): void;
    setUnit(unit: Unit): void;
    /** Registers a function that brings the figures up to date; it runs before every message. */
    addCountSource(refresh: () => void): () => void;
    /** Logs a warning of this `kind` once, with secrets removed. */
    warnOnce(kind: string, message: string): void;
}
