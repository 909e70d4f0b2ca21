import { describe, expect, expectTypeOf, it } from 'vitest';
// Every public type, by name: `npm run typecheck` fails when one disappears or is renamed.
import type * as api from '../src/index.js';

type PublicTypes = [
    api.ChildRunProgress,
    api.ChildRunState,
    api.ChildRunsProgress,
    api.Clock,
    api.CompletedPhase,
    api.CrawlerLike,
    api.CrawlerStatisticsState,
    api.CrawlerStatusMessageOptions,
    api.FailureCount,
    api.FollowRunsOptions,
    api.LiveViewOptions,
    api.OrchestratorRun,
    api.OrchestratorRunInfo,
    api.OrchestratorUpdate,
    api.PhaseInfo,
    api.PlatformTarget,
    api.ProgressDocument,
    api.ProgressLogger,
    api.ProgressReporterOptions,
    api.ProgressSnapshot,
    api.ProgressState,
    api.RecordedUpdate,
    api.RunFollower,
    api.RunOutcome,
    api.RunStatus,
    api.RunToFollow,
    api.SendOptions,
    api.SharedQueueProgress,
    api.StatusUpdate,
    api.TerminalOutcome,
    api.TerminalStatus,
    api.Transport,
    api.Unit,
];

describe('the public API', () => {
    it('exports the same values from actor-progress', async () => {
        expectTypeOf<PublicTypes>().not.toBeAny();
        const values = await import('../src/index.js');
        expect(Object.keys(values).sort()).toEqual([
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

    it("keeps the exit hook's synchronous ending out of the reporter's public methods", async () => {
        const { ProgressReporter } = await import('../src/index.js');
        expect(Object.getOwnPropertyNames(ProgressReporter.prototype)).not.toContain('endAtExit');
    });

    it('has no actor-progress/testing: the emulator is its own package, @actor-progress/emulator', async () => {
        const { readFile } = await import('node:fs/promises');
        const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
        expect(Object.keys(pkg.exports)).toEqual(['.', './schema/progress.schema.json', './package.json']);
        expect(pkg.bin).toBeUndefined();
        expect(pkg.dependencies).toBeUndefined();
    });
});
