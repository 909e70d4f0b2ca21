/**
 * The shapes apify-orchestrator 0.9.0 passes to its `onUpdate(report, lastChangedRunRequestId?,
 * lastChangedRun?)` option, described here rather than imported: the package is not a dependency.
 * Its own types (`RunInfo`, `ExtendedActorRun`) fit them.
 */

/** One run in the report: apify-orchestrator's `RunInfo`. */
export interface OrchestratorRunInfo {
    runId: string;
    /** A platform status (READY, RUNNING, SUCCEEDED, ...) or the orchestrator's own `LOST`. */
    status: string;
    runUrl?: string;
    startedAt?: string;
    lastUpdatedAt?: string;
}

/** The run that changed: apify-client's `ActorRun`, as apify-orchestrator extends it. */
export interface OrchestratorRun {
    id: string;
    status?: string;
    exitCode?: number | null;
    statusMessage?: string;
    defaultKeyValueStoreId?: string;
}

/** The `onUpdate` callback: the report has the runs in progress by request id (the run name given). */
export type OrchestratorUpdate = (
    report: Record<string, OrchestratorRunInfo>,
    lastChangedRunRequestId?: string,
    lastChangedRun?: OrchestratorRun,
) => void;
