export { ApifyApiTransport, classifyApiError } from './apify-transport.js';
export type { CrawlerLike, CrawlerStatisticsState, CrawlerStatusMessageOptions } from './crawlee/crawler-shape.js';
export { DEFAULT_API_BASE_URL, type PlatformTarget, readPlatformTarget } from './environment.js';
export { formatCount, formatDuration, formatProgress, formatRate, formatTimeLeft } from './format.js';
export { MAIN_THREW_EXIT_CODE } from './lifecycle/exit-outcome.js';
export type { ProgressState } from './lifecycle/state.js';
export type { Clock, ProgressLogger, ProgressReporterOptions, Unit } from './options.js';
export { DEFAULTS } from './options.js';
export type { TerminalOutcome } from './publisher.js';
export { ProgressReporter, type RunOutcome, type TerminalStatus } from './reporter.js';
export { toStatusLine } from './sanitize.js';
export type { CompletedPhase, PhaseInfo, ProgressSnapshot, RunStatus } from './snapshot.js';
export {
    DeliveryError,
    LogTransport,
    type RecordedUpdate,
    RecordingTransport,
    type SendOptions,
    type StatusUpdate,
    type Transport,
} from './transport.js';
export { withProgress } from './with-progress.js';
