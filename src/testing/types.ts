/**
 * Public types of the platform emulator. Types only: the behaviour lives next door.
 */

/** Options of `PlatformEmulator.start()`. */
export interface EmulatorOptions {
    /**
     * API token the emulator accepts (`Authorization: Bearer <token>` or `?token=`).
     * @default a random token
     */
    token?: string;
    /**
     * Id of the one run the emulator serves.
     * @default a random 17-character id, like the platform's
     */
    runId?: string;
    /**
     * `false` answers every request with `Connection: close` and closes the socket after the response,
     * so every request needs a fresh connection (what a client sees after a long idle period).
     * @default true
     */
    keepAlive?: boolean;
    /**
     * How long an idle keep-alive connection stays open on the server side.
     * @default 5000 (Node's own default)
     */
    keepAliveTimeoutMs?: number;
    /**
     * Largest request body accepted, counted both as received and after decompression; larger bodies get
     * 413 `request-too-large`. The real limit of this endpoint is not documented; 9 MiB matches the API's
     * documented limit for record bodies.
     * @default 9 * 1024 * 1024
     */
    maxBodyBytes?: number;
    /**
     * Port to listen on, always on 127.0.0.1.
     * @default 0 (a free port)
     */
    port?: number;
}

/** The run as `GET /v2/actor-runs/:runId` returns it (the fields the API reference lists). */
export interface Run {
    id: string;
    actId: string;
    userId: string;
    actorTaskId: string | null;
    startedAt: string;
    finishedAt: string | null;
    status: 'READY' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMING-OUT' | 'TIMED-OUT' | 'ABORTING' | 'ABORTED';
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
    chargedEventCounts: Record<string, number>;
    options: { build: string; timeoutSecs: number; memoryMbytes: number; diskMbytes: number };
    buildId: string;
    buildNumber: string;
    exitCode: number | null;
    defaultKeyValueStoreId: string;
    defaultDatasetId: string;
    defaultRequestQueueId: string;
    containerUrl: string;
    isContainerServerReady: boolean;
    gitBranchName: string | null;
    usageTotalUsd: number;
}

/** One request the emulator received, in the order the emulator handled them. */
export interface TimelineEntry {
    /** Milliseconds since the emulator started, when the request was handled (after any injected delay). */
    at: number;
    /** Milliseconds since the emulator started, when the request body had arrived. */
    receivedAt: number;
    /** ISO time of `at`. */
    time: string;
    method: string;
    /** Path without the query string. */
    path: string;
    /** Response status code; 0 when the request was hung, dropped or cut off by `refuseConnections`. */
    status: number;
    /** `Content-Encoding` of the request body, when it had one (apify-client sends `br` from 1 KiB). */
    contentEncoding?: string;
    /** The request body parsed as JSON, or `undefined` (no body, or not JSON). */
    body: unknown;
    /** `statusMessage` of the body, when it is a string. */
    statusMessage?: string;
    /** `isStatusMessageTerminal` of the body, when it is a boolean. */
    isStatusMessageTerminal?: boolean;
    /**
     * 1 the first time this exact request was received, 2 for the next identical one, and so on.
     * For status-message PUTs "identical" means same message and same terminal flag, so client retries count up.
     */
    attempt: number;
    /** What the Console shows after this request. */
    currentMessage: string | undefined;
    /** Which injected fault handled the request: `status-503`, `delay-200ms`, `hang`, `drop`, `refused`. */
    fault?: string;
    /** A PUT that arrived after a terminal status message had been accepted. */
    afterTerminal?: true;
}

/** A status message the Console showed: an accepted (2xx) PUT that carried `statusMessage`. */
export interface StatusMessageRecord {
    at: number;
    message: string;
    /** The run's terminal flag after this update. */
    terminal: boolean;
}

/** What a fault rule's `match` function sees. */
export interface FaultRequest {
    method: string;
    path: string;
    body: unknown;
}

/**
 * An injected fault. Rules are checked in the order they were added; the first matching rule that is not
 * used up handles the request. A rule with `times` is used up after that many matches.
 */
export interface FaultRule {
    /**
     * Which requests the rule applies to. `terminal`: bodies with `isStatusMessageTerminal: true`;
     * `non-terminal`: PUTs without it.
     * @default 'any'
     */
    match?: 'any' | 'put' | 'get' | 'terminal' | 'non-terminal' | ((request: FaultRequest) => boolean);
    /** Answer with this status (400-599) and the API's error body; the update is not applied. */
    status?: number;
    /** Latency added before the request is handled; the update is applied after it, like a slow server. */
    delayMs?: number;
    /** Never answer (until `close()` or `refuseConnections(true)`); the update is not applied. */
    hang?: boolean;
    /** Destroy the socket without answering; the update is not applied. */
    drop?: boolean;
    /**
     * How many requests the rule handles before it is used up.
     * @default Infinity
     */
    times?: number;
}

/** Options of `formatTimeline()`. */
export interface FormatTimelineOptions {
    /**
     * `false`: only what the Console showed. `true`: every request, with its status and fault.
     * @default false
     */
    all?: boolean;
}
