import { randomId } from './ids.js';
import type { Run } from './types.js';

/** The fields of a PUT body the emulator acts on; everything else is ignored, as the API does. */
export interface RunUpdate {
    statusMessage?: string;
    isStatusMessageTerminal?: boolean;
}

/** A fresh RUNNING run with the shape of the API reference's example. */
export function createRun(runId: string, startedAt: Date): Run {
    return {
        id: runId,
        actId: randomId(),
        userId: randomId(),
        actorTaskId: null,
        startedAt: startedAt.toISOString(),
        finishedAt: null,
        status: 'RUNNING',
        statusMessage: null,
        isStatusMessageTerminal: false,
        meta: { origin: 'DEVELOPMENT' },
        stats: {
            inputBodyLen: 0,
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
        options: { build: 'latest', timeoutSecs: 3600, memoryMbytes: 1024, diskMbytes: 2048 },
        buildId: randomId(),
        buildNumber: '0.0.1',
        exitCode: null,
        defaultKeyValueStoreId: randomId(),
        defaultDatasetId: randomId(),
        defaultRequestQueueId: randomId(),
        containerUrl: `https://${randomId(12).toLowerCase()}.runs.apify.net`,
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

/** The run as the API would serve it now: durations are live, and callers get a copy they cannot corrupt. */
export function snapshotRun(run: Run, now: Date): Run {
    const copy = structuredClone(run);
    const durationMillis = Math.max(0, now.getTime() - Date.parse(run.startedAt));
    copy.stats.durationMillis = durationMillis;
    copy.stats.runTimeSecs = durationMillis / 1000;
    return copy;
}
