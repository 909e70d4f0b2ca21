import { describe, expect, expectTypeOf, it } from 'vitest';
// Every public type, by name: `npm run typecheck` fails when one disappears or is renamed.
import type {
    ChildRunProgress,
    ChildRunState,
    ChildRunsProgress,
    Clock,
    CompletedPhase,
    CrawlerLike,
    CrawlerStatisticsState,
    CrawlerStatusMessageOptions,
    FailureCount,
    FollowRunsOptions,
    LiveViewOptions,
    OrchestratorRun,
    OrchestratorRunInfo,
    OrchestratorUpdate,
    PhaseInfo,
    PlatformTarget,
    ProgressDocument,
    ProgressLogger,
    ProgressReporterOptions,
    ProgressSnapshot,
    ProgressState,
    RecordedUpdate,
    RunFollower,
    RunOutcome,
    RunStatus,
    RunToFollow,
    SendOptions,
    SharedQueueProgress,
    StatusUpdate,
    TerminalOutcome,
    TerminalStatus,
    Transport,
    Unit,
} from '../src/index.js';

type PublicTypes = [
    ChildRunProgress,
    ChildRunState,
    ChildRunsProgress,
    Clock,
    CompletedPhase,
    CrawlerLike,
    CrawlerStatisticsState,
    CrawlerStatusMessageOptions,
    FailureCount,
    FollowRunsOptions,
    LiveViewOptions,
    OrchestratorRun,
    OrchestratorRunInfo,
    OrchestratorUpdate,
    PhaseInfo,
    PlatformTarget,
    ProgressDocument,
    ProgressLogger,
    ProgressReporterOptions,
    ProgressSnapshot,
    ProgressState,
    RecordedUpdate,
    RunFollower,
    RunOutcome,
    RunStatus,
    RunToFollow,
    SendOptions,
    SharedQueueProgress,
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
