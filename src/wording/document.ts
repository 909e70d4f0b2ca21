import type { SharedQueueProgress } from '../counting/shared-queue-figures.js';
import type { FailureCount, ProgressSnapshot, RunStatus } from '../counting/snapshot.js';
import { shortEndReason } from './message-parts.js';

/** Bumped when a field changes meaning or goes away; new fields keep the version. */
const PROGRESS_DOCUMENT_VERSION = 1;

/** The current step, with `count: null` when the number of steps is unknown. */
interface DocumentPhase {
    name: string;
    index: number;
    count: number | null;
}

/** A finished step. */
interface DocumentCompletedPhase {
    name: string;
    done: number;
    failed: number;
    total: number | null;
    /** The step's own noun, when it had one. */
    unit: readonly [singular: string, plural: string] | null;
}

/**
 * The progress of a run as data, for machines: the snapshot with every field present (`null` where
 * the snapshot has nothing), plus the last status message as the Console shows it. What the live
 * view serves as `/progress.json` and what the progress record holds. Its JSON Schema ships as
 * `actor-progress/schema/progress.schema.json`; docs/progress-record.md describes it.
 */
export interface ProgressDocument {
    schemaVersion: typeof PROGRESS_DOCUMENT_VERSION;
    status: RunStatus;
    unit: readonly [singular: string, plural: string];
    done: number;
    failed: number;
    retried: number;
    items: number;
    failures: readonly FailureCount[];
    total: number | null;
    totalIsEstimate: boolean;
    /** ISO 8601. */
    startedAt: string;
    /** ISO 8601: when this document was made. */
    updatedAt: string;
    elapsedMs: number;
    ratePerMinute: number | null;
    etaMs: number | null;
    /** Where a growing total will likely end; null when the total is firm or unknown, or the reporter abstains. */
    projectedTotal: number | null;
    /** Seconds left: from the firm total when there is one, else from `projectedTotal`; null when it cannot tell. */
    projectedSecondsLeft: number | null;
    phase: DocumentPhase | null;
    completedPhases: readonly DocumentCompletedPhase[];
    /**
     * Why the run failed or was aborted, as the terminal message gives it: one line of at most 160
     * characters, URLs' credentials and query values and home directories scrubbed (an error's
     * whole text can be 200 KB with a key in a URL; this document is read by parents and viewers).
     */
    reason: string | null;
    /** The last status message that landed, or null before the first. */
    message: string | null;
    /** Whether that message was the terminal one. */
    terminal: boolean;
    /**
     * A worker on a request queue that several runs share: the whole crawl (`done` and `failed` are
     * then this run's share); null otherwise. `handled` and `total` are null until the queue was read.
     */
    sharedQueue: {
        queueId: string | null;
        runs: number | null;
        handled: number | null;
        total: number | null;
        totalIsEstimate: boolean;
    } | null;
    /**
     * A pay-per-event run: what it has charged so far, in US dollars as the Apify SDK counts them, the
     * user's maximum (null when none) and the count of each event charged; null for any other run.
     */
    charged: {
        totalUsd: number;
        maxUsd: number | null;
        events: Readonly<Record<string, number>>;
        /** The maximum refused or cut a charge or a push, or nothing more of an event fits. */
        limitReached: boolean;
    } | null;
}

/** The last status message that landed, as the document reports it. */
export interface LastMessage {
    text: string;
    terminal: boolean;
}

/**
 * A rate as data: a tenth of a unit a minute is all a reader or a script can use ("534.0131573339326"
 * is noise, and public); two significant digits below one a minute, so that a slow run is not 0.
 */
function roundRate(perMinute: number): number {
    if (!Number.isFinite(perMinute)) return perMinute;
    return perMinute >= 1 ? Math.round(perMinute * 10) / 10 : Number(perMinute.toPrecision(2));
}

const wholeMs = (ms: number) => Math.round(ms);

/** Pure: the same snapshot and message always give the same document. */
export function toProgressDocument(snapshot: ProgressSnapshot, last: LastMessage | undefined): ProgressDocument {
    return {
        schemaVersion: PROGRESS_DOCUMENT_VERSION,
        status: snapshot.status,
        unit: [snapshot.unit[0], snapshot.unit[1]],
        done: snapshot.done,
        failed: snapshot.failed,
        retried: snapshot.retried,
        items: snapshot.items,
        failures: snapshot.failures.map(({ reason, count }) => ({ reason, count })),
        total: snapshot.total ?? null,
        totalIsEstimate: snapshot.totalIsEstimate,
        startedAt: new Date(snapshot.startedAt).toISOString(),
        updatedAt: new Date(snapshot.now).toISOString(),
        elapsedMs: wholeMs(snapshot.elapsedMs),
        ratePerMinute: snapshot.ratePerMinute === undefined ? null : roundRate(snapshot.ratePerMinute),
        etaMs: snapshot.etaMs === undefined ? null : wholeMs(snapshot.etaMs),
        projectedTotal: snapshot.projectedTotal ?? null,
        projectedSecondsLeft: snapshot.projectedSecondsLeft ?? null,
        phase: snapshot.phase
            ? { name: snapshot.phase.name, index: snapshot.phase.index, count: snapshot.phase.count ?? null }
            : null,
        completedPhases: (snapshot.completedPhases ?? []).map((phase) => ({
            name: phase.name,
            done: phase.done,
            failed: phase.failed,
            total: phase.total ?? null,
            unit: phase.unit ? [phase.unit[0], phase.unit[1]] : null,
        })),
        reason: shortEndReason(snapshot) ?? null,
        message: last?.text ?? null,
        terminal: last?.terminal ?? false,
        sharedQueue: snapshot.sharedQueue ? sharedQueueDocument(snapshot.sharedQueue) : null,
        charged: snapshot.charged
            ? {
                  totalUsd: snapshot.charged.totalUsd,
                  maxUsd: snapshot.charged.maxUsd,
                  events: { ...snapshot.charged.events },
                  limitReached: snapshot.charged.limitReached,
              }
            : null,
    };
}

function sharedQueueDocument(queue: SharedQueueProgress): NonNullable<ProgressDocument['sharedQueue']> {
    return {
        queueId: queue.queueId ?? null,
        runs: queue.runs ?? null,
        handled: queue.handled ?? null,
        total: queue.total ?? null,
        totalIsEstimate: queue.totalIsEstimate,
    };
}
