// The public API of actor-progress, grouped by layer as src/ is.

// Counting: what a message is made from.
export type { ChargedAmount } from './counting/charges.js';
export type { ChildRunProgress, ChildRunState, ChildRunsProgress } from './counting/child-run-figures.js';
export type { Clock } from './counting/clock.js';
export type { DiscoveryReading } from './counting/link-sample.js';
export type { RunOutcome } from './counting/outcome.js';
export type { CrawlDiscovery } from './counting/projected-end.js';
export type { ProgressState } from './counting/saved-state.js';
export type { SharedQueueProgress } from './counting/shared-queue-figures.js';
export type {
    CompletedPhase,
    FailureCount,
    PhaseInfo,
    ProgressSnapshot,
    RunStatus,
    TerminalStatus,
} from './counting/snapshot.js';
export type { Unit } from './counting/units.js';
// Beside them: the crawler hook and the exit paths.
export type { CrawlerLike, CrawlerStatisticsState, CrawlerStatusMessageOptions } from './crawlee/crawler-shape.js';
// Delivery: where messages go.
export { ApifyApiTransport, classifyApiError } from './delivery/apify-transport.js';
export { LogTransport } from './delivery/log-transport.js';
export { DEFAULT_API_BASE_URL, type PlatformTarget, readPlatformTarget } from './delivery/platform-target.js';
export type { TerminalOutcome } from './delivery/publisher.js';
export { type RecordedUpdate, RecordingTransport } from './delivery/recording-transport.js';
export { DeliveryError, type SendOptions, type StatusUpdate, type Transport } from './delivery/transport.js';
export { MAIN_THREW_EXIT_CODE } from './lifecycle/exit-outcome.js';
export type { ProgressLogger } from './log/logger.js';
// Configuration.
export type { LiveViewOptions, ProgressReporterOptions } from './options/options.js';
export { DEFAULTS } from './options/options.js';
// On top: the reporter and the wrapper for custom main functions.
export { ProgressReporter } from './reporter/progress-reporter.js';
// Several runs: a parent following its children (`reporter.followRuns()`).
export type { FollowRunsOptions, RunToFollow } from './scale-out/follow-options.js';
export type { OrchestratorRun, OrchestratorRunInfo, OrchestratorUpdate } from './scale-out/orchestrator.js';
export type { RunFollower } from './scale-out/run-follower.js';
export { withProgress } from './with-progress.js';
// Wording: a snapshot as one line, and as a document for machines.
export type { ProgressDocument } from './wording/document.js';
export { formatCount, formatDuration, formatProgress, formatRate, formatTimeLeft } from './wording/format.js';
export { toStatusLine } from './wording/sanitize.js';
