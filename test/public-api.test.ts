import { describe, expect, expectTypeOf, it } from 'vitest';
// Every public type, by name: `npm run typecheck` fails when one disappears or is renamed.
import type {
    Clock,
    CompletedPhase,
    CrawlerLike,
    CrawlerStatisticsState,
    CrawlerStatusMessageOptions,
    LiveViewOptions,
    PhaseInfo,
    PlatformTarget,
    ProgressLogger,
    ProgressReporterOptions,
    ProgressSnapshot,
    ProgressState,
    RecordedUpdate,
    RunOutcome,
    RunStatus,
    SendOptions,
    StatusUpdate,
    TerminalOutcome,
    TerminalStatus,
    Transport,
    Unit,
} from '../src/index.js';

type PublicTypes = [
    Clock,
    CompletedPhase,
    CrawlerLike,
    CrawlerStatisticsState,
    CrawlerStatusMessageOptions,
    LiveViewOptions,
    PhaseInfo,
    PlatformTarget,
    ProgressLogger,
    ProgressReporterOptions,
    ProgressSnapshot,
    ProgressState,
    RecordedUpdate,
    RunOutcome,
    RunStatus,
    SendOptions,
    StatusUpdate,
    TerminalOutcome,
    TerminalStatus,
    Transport,
    Unit,
];

describe('the public API', () => {
    it('exports the same values from actor-progress', async () => {
        expectTypeOf<PublicTypes>().not.toBeAny();
        const api = await import('../src/index.js');
        expect(Object.keys(api).sort()).toEqual([
            'ApifyApiTransport',
            'DEFAULTS',
            'DEFAULT_API_BASE_URL',
            'DeliveryError',
            'LogTransport',
            'MAIN_THREW_EXIT_CODE',
            'ProgressReporter',
            'RecordingTransport',
            'classifyApiError',
            'formatCount',
            'formatDuration',
            'formatProgress',
            'formatRate',
            'formatTimeLeft',
            'readPlatformTarget',
            'toStatusLine',
            'withProgress',
        ]);
    });

    it('exports the emulator from actor-progress/testing', async () => {
        const testing = await import('../src/testing/index.js');
        expect(Object.keys(testing).sort()).toEqual(['PlatformEmulator']);
    });
});
