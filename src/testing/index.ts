export { PlatformEmulator } from './emulator.js';
export type {
    EmulatorOptions,
    FaultRequest,
    FaultRule,
    FormatTimelineOptions,
    Run,
    StatusMessageRecord,
    TimelineEntry,
} from './types.js';
