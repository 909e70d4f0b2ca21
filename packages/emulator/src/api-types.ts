/**
 * The shapes the emulator serves, as the API reference gives them (the fields it fills in).
 * Types only.
 */

/** A run's status, as the reference's `ActorJobStatus` lists them. */
export type RunStatus =
    | 'READY'
    | 'RUNNING'
    | 'SUCCEEDED'
    | 'FAILED'
    | 'TIMING-OUT'
    | 'TIMED-OUT'
    | 'ABORTING'
    | 'ABORTED';

/** The run as `GET /v2/actor-runs/:runId` returns it (the fields the API reference lists). */
export interface Run {
    id: string;
    actId: string;
    userId: string;
    actorTaskId: string | null;
    startedAt: string;
    finishedAt: string | null;
    status: RunStatus;
    /** `null` until the first PUT that carries a status message. */
    statusMessage: string | null;
    isStatusMessageTerminal: boolean;
    meta: { origin: string };
    stats: {
        inputBodyLen: number;
        migrationCount: number;
        restartCount: number;
        resurrectCount: number;
        memAvgBytes: number;
        memMaxBytes: number;
        memCurrentBytes: number;
        cpuAvgUsage: number;
        cpuMaxUsage: number;
        cpuCurrentUsage: number;
        netRxBytes: number;
        netTxBytes: number;
        durationMillis: number;
        runTimeSecs: number;
        metamorph: number;
        computeUnits: number;
    };
    /** Pay-per-event: how many of each event the run has charged (the platform's count, as it bills them). */
    chargedEventCounts: Record<string, number>;
    /** The Actor's pricing when the run started; absent for an Actor without one (see `setActorPricing`). */
    pricingInfo?: PayPerEventPricingInfo;
    options: {
        build: string;
        timeoutSecs: number;
        memoryMbytes: number;
        diskMbytes: number;
        /** The user's maximum total charge for the run, in USD; absent when none was set. */
        maxTotalChargeUsd?: number;
    };
    buildId: string;
    buildNumber: string;
    /** `null` until the run ends; a run killed by a signal gets 128 + the signal's number, as a shell reports it. */
    exitCode: number | null;
    generalAccess: string;
    defaultKeyValueStoreId: string;
    defaultDatasetId: string;
    defaultRequestQueueId: string;
    containerUrl: string;
    isContainerServerReady: boolean;
    gitBranchName: string | null;
    usageTotalUsd: number;
}

/** The reference's `PayPerEventActorPricingInfo`: what a pay-per-event Actor charges, per event. */
export interface PayPerEventPricingInfo {
    pricingModel: 'PAY_PER_EVENT';
    pricingPerEvent: {
        actorChargeEvents: Record<string, { eventTitle: string; eventDescription: string; eventPriceUsd: number }>;
    };
    minimalMaxTotalChargeUsd: number | null;
    apifyMarginPercentage: number;
    createdAt: string;
    startedAt: string;
}

/** An item of the run lists (`GET /v2/actor-runs`, `GET /v2/acts/:actorId/runs`): no status message. */
export type RunShort = Pick<
    Run,
    | 'id'
    | 'actId'
    | 'userId'
    | 'actorTaskId'
    | 'status'
    | 'startedAt'
    | 'finishedAt'
    | 'buildId'
    | 'buildNumber'
    | 'meta'
    | 'usageTotalUsd'
    | 'defaultKeyValueStoreId'
    | 'defaultDatasetId'
    | 'defaultRequestQueueId'
>;

/** Fields every storage shares. */
export interface StorageInfo {
    id: string;
    name: string | null;
    userId: string;
    createdAt: string;
    modifiedAt: string;
    accessedAt: string;
    actId: string | null;
    actRunId: string | null;
    generalAccess: string;
}

/** `GET /v2/request-queues/:queueId`. */
export interface RequestQueueInfo extends StorageInfo {
    totalRequestCount: number;
    handledRequestCount: number;
    /** `totalRequestCount - handledRequestCount` (never negative here; the platform's can be). */
    pendingRequestCount: number;
    /** `true` once two clients (distinct `clientKey`s, or calls without one) used the queue. */
    hadMultipleClients: boolean;
    consoleUrl: string;
    stats: {
        readCount: number;
        writeCount: number;
        deleteCount: number;
        headItemReadCount: number;
        storageBytes: number;
    };
}

/** A request as the queue stores and serves it. */
export interface QueueRequest {
    id: string;
    uniqueKey: string;
    url: string;
    method: string;
    retryCount?: number;
    /** ISO time, or `null` while pending. */
    handledAt?: string | null;
    [field: string]: unknown;
}
