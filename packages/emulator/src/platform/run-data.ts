import type { Run, RunShort, RunStatus } from '../api-types.js';
import { randomId } from '../ids.js';

/** The fields of a PUT body the emulator acts on; everything else is ignored, as the API does. */
export interface RunUpdate {
    statusMessage?: string;
    isStatusMessageTerminal?: boolean;
}

interface RunDataInit {
    id: string;
    actId: string;
    userId: string;
    startedAt: Date;
    status: RunStatus;
    origin: string;
    timeoutSecs: number;
    memoryMbytes: number;
    inputBodyLen: number;
    defaultKeyValueStoreId: string;
    defaultDatasetId: string;
    defaultRequestQueueId: string;
    containerUrl: string;
}

/** The statuses after which a run never changes again. */
export const FINISHED_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED'];

/** A run with the shape of the API reference's example. */
export function createRunData(init: RunDataInit): Run {
    return {
        id: init.id,
        actId: init.actId,
        userId: init.userId,
        actorTaskId: null,
        startedAt: init.startedAt.toISOString(),
        finishedAt: null,
        status: init.status,
        statusMessage: null,
        isStatusMessageTerminal: false,
        meta: { origin: init.origin },
        stats: {
            inputBodyLen: init.inputBodyLen,
            migrationCount: 0,
            restartCount: 0,
            resurrectCount: 0,
            memAvgBytes: 0,
            memMaxBytes: 0,
            memCurrentBytes: 0,
            cpuAvgUsage: 0,
            cpuMaxUsage: 0,
            cpuCurrentUsage: 0,
            netRxBytes: 0,
            netTxBytes: 0,
            durationMillis: 0,
            runTimeSecs: 0,
            metamorph: 0,
            computeUnits: 0,
        },
        chargedEventCounts: {},
        options: { build: 'latest', timeoutSecs: init.timeoutSecs, memoryMbytes: init.memoryMbytes, diskMbytes: 2048 },
        buildId: randomId(),
        buildNumber: '0.0.1',
        exitCode: null,
        generalAccess: 'FOLLOW_USER_SETTING',
        defaultKeyValueStoreId: init.defaultKeyValueStoreId,
        defaultDatasetId: init.defaultDatasetId,
        defaultRequestQueueId: init.defaultRequestQueueId,
        containerUrl: init.containerUrl,
        isContainerServerReady: false,
        gitBranchName: null,
        usageTotalUsd: 0,
    };
}

/** Applies a PUT: only the fields present change, as the API documents for partial updates. */
export function applyUpdate(run: Run, update: RunUpdate): void {
    if (update.statusMessage !== undefined) run.statusMessage = update.statusMessage;
    if (update.isStatusMessageTerminal !== undefined) run.isStatusMessageTerminal = update.isStatusMessageTerminal;
}

/** How long the run has run: until now, or until it finished. */
export function runDurationMs(run: Run, now: Date): number {
    const end = run.finishedAt === null ? now.getTime() : Date.parse(run.finishedAt);
    return Math.max(0, end - Date.parse(run.startedAt));
}

/** The run as the API would serve it now: durations are live, and callers get a copy they cannot corrupt. */
export function snapshotRun(run: Run, now: Date): Run {
    const copy = structuredClone(run);
    const durationMillis = runDurationMs(run, now);
    copy.stats.durationMillis = durationMillis;
    copy.stats.runTimeSecs = durationMillis / 1000;
    return copy;
}

/** A run as the run lists show it: the reference's `RunShort`, without the status message. */
export function shortRun(run: Run): RunShort {
    return {
        id: run.id,
        actId: run.actId,
        userId: run.userId,
        actorTaskId: run.actorTaskId,
        status: run.status,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        buildId: run.buildId,
        buildNumber: run.buildNumber,
        meta: { ...run.meta },
        usageTotalUsd: run.usageTotalUsd,
        defaultKeyValueStoreId: run.defaultKeyValueStoreId,
        defaultDatasetId: run.defaultDatasetId,
        defaultRequestQueueId: run.defaultRequestQueueId,
    };
}

/**
 * The message the platform puts in place of a non-terminal one when a run ends (the emulator's wording;
 * the platform's reads "Actor finished with exit code 1").
 */
export function platformFinalMessage(status: RunStatus, exitCode: number | null): string {
    if (status === 'ABORTED') return 'The Actor run was aborted';
    if (status === 'TIMED-OUT') return 'The Actor run timed out';
    return exitCode === null ? 'The Actor run failed to start' : `Actor finished with exit code ${exitCode}`;
}
