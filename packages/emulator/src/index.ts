export type {
    PayPerEventPricingInfo,
    QueueRequest,
    RequestQueueInfo,
    Run,
    RunShort,
    RunStatus,
    StorageInfo,
} from './api-types.js';
export { PlatformEmulator } from './emulator.js';
export type { EmulatorOptions } from './emulator-options.js';
export type {
    AbortOptions,
    ApiCallCounts,
    CreateRunOptions,
    EmulatedRun,
    PayPerEventPricing,
    ProcessExit,
    RunInput,
    RunProcess,
    RunProcessHandle,
    StartRunHook,
} from './run-types.js';
export type {
    DatasetView,
    KeyValueStoreView,
    QueueRequestState,
    RequestQueueView,
    StoredRecord,
} from './storage-types.js';
export type {
    FaultRequest,
    FaultRule,
    FormatTimelineOptions,
    StatusMessageRecord,
    TimelineEntry,
} from './types.js';
