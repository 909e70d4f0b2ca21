/**
 * Public types of the emulator's runs: the run a test inspects, the hook that starts a run's process,
 * and the handle the hook returns. Types only.
 */
import type { ChildProcess } from 'node:child_process';
import type { Run } from './api-types.js';
import type { FormatTimelineOptions, StatusMessageRecord, TimelineEntry } from './types.js';

/** The input a run was started with, as the platform stores it (the `INPUT` record of its store). */
export interface RunInput {
    /** The bytes as sent (decompressed). */
    raw: Buffer;
    contentType: string;
    /** The input parsed when it is JSON; otherwise `undefined`. */
    json: unknown;
}

/** API calls a run made (requests carrying its token), by the API reference's operationId. */
export interface ApiCallCounts {
    total: number;
    /** e.g. `{ actorRun_put: 12, requestQueue_head_lock_post: 30 }`; `unknown` for paths the API does not know. */
    byKind: Record<string, number>;
    /** `total` over the minutes the run has been running (until it finished). */
    perMinute: number;
    /** How long the run has been running, in ms (until it finished). */
    durationMs: number;
}

/** How a run's process ended. */
export interface ProcessExit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

/**
 * What a `startRun` hook returns when it does not hand back a `ChildProcess`: how the emulator learns
 * that the run's process ended, and how it stops it (abort, time-out, `close()`).
 */
export interface RunProcess {
    /** Resolves once the process has ended. */
    readonly exited: Promise<ProcessExit>;
    /** Sends a signal (SIGTERM first, SIGKILL when it does not end in time). */
    kill(signal: NodeJS.Signals): void;
    /** Output captured into the run's log (`GET /v2/actor-runs/:runId/log`), when given. */
    readonly stdout?: NodeJS.ReadableStream | null;
    readonly stderr?: NodeJS.ReadableStream | null;
}

/** What a `startRun` hook may return: a spawned `ChildProcess`, or any `RunProcess`. */
export type RunProcessHandle = ChildProcess | RunProcess;

/**
 * Starts the process of a run created by `POST /v2/acts/:actorId/runs`, typically by spawning the Actor
 * with `run.env()`. The run is RUNNING once the hook returns; it ends when the process does.
 */
export type StartRunHook = (run: EmulatedRun) => RunProcessHandle | Promise<RunProcessHandle>;

/** Options of `emulator.createRun()`: a run with no process, ended by hand with `run.finish()`. */
export interface CreateRunOptions {
    /**
     * The Actor the run belongs to: an id, or `username~name`.
     * @default the id of the default run's Actor
     */
    actorId?: string;
    /** Stored as the run's `INPUT` record: JSON unless `contentType` says otherwise (then a string or Buffer). */
    input?: unknown;
    /**
     * Content type of `input`.
     * @default 'application/json; charset=utf-8'
     */
    contentType?: string;
    /**
     * The run's time limit: `ACTOR_TIMEOUT_AT` in its env, and the emulator ends it TIMED-OUT then.
     * @default 0 (none)
     */
    timeoutSecs?: number;
    /** @default 1024 */
    memoryMbytes?: number;
    /**
     * Makes the run pay-per-event with these prices (its `pricingInfo`), whatever its Actor's pricing.
     * @default the pricing set with `setActorPricing()` for its Actor, if any (none: not pay-per-event)
     */
    pricing?: PayPerEventPricing;
    /**
     * The user's maximum total charge for the run, in USD: `options.maxTotalChargeUsd`, and
     * `ACTOR_MAX_TOTAL_CHARGE_USD` in its environment.
     * @default none
     */
    maxTotalChargeUsd?: number;
}

/**
 * A pay-per-event Actor's prices, as a test gives them: each event's price in USD by its name, or
 * `{ priceUsd, title }`. `apify-default-dataset-item` is the event the platform charges itself for
 * every item pushed to the run's default dataset. See docs/emulator-pay-per-event.md.
 */
export interface PayPerEventPricing {
    events: Readonly<Record<string, number | { priceUsd: number; title?: string }>>;
}

/** Options of `run.abort()`, as `POST /v2/actor-runs/:runId/abort` takes them. */
export interface AbortOptions {
    /**
     * Send `aborting` (and `persistState`) first and kill the process only after `abortGraceMs`.
     * @default false
     */
    gracefully?: boolean;
}

/** One run of the emulated platform: its Console (status messages, timeline), its env, its end. */
export interface EmulatedRun {
    readonly id: string;
    /** The run's own API token (`APIFY_TOKEN` in its env); every request with it is counted as this run's. */
    readonly token: string;
    readonly actorId: string;
    /** The run as `GET /v2/actor-runs/:runId` would return it now (a copy). */
    readonly info: Run;
    readonly input: RunInput | undefined;
    /** Requests this run made (its token) or that addressed it (`/v2/actor-runs/:runId...`), in order. */
    readonly timeline: readonly TimelineEntry[];
    /**
     * The run's environment on the platform, pointed at the emulator: `APIFY_IS_AT_HOME=1`, so the SDK
     * sends storage calls to the emulator too.
     */
    env(): Record<string, string>;
    /** What this run's Console showed, in order; the platform's own last message is marked `byPlatform`. */
    statusMessages(): StatusMessageRecord[];
    formatTimeline(options?: FormatTimelineOptions): string;
    /** Resolves on the request after which `predicate(run.timeline)` holds. */
    waitFor(predicate: (entries: readonly TimelineEntry[]) => boolean, timeoutMs?: number): Promise<void>;
    /** Resolves with the run once it has finished (any terminal status); rejects after `timeoutMs`. */
    waitForFinish(timeoutMs?: number): Promise<Run>;
    /** Sends a platform event (`aborting`, `migrating`, `persistState`, ...) on this run's websocket. */
    sendEvent(name: string, data?: unknown): void;
    eventClients(): number;
    apiCalls(): ApiCallCounts;
    /** The run's log as `GET /v2/actor-runs/:runId/log` serves it: the process output, one timestamped line each. */
    log(): string;
    /**
     * Resolves with the first log line that matches (e.g. a fixture's "READY"), as soon as the process
     * prints it; rejects with the log so far after `timeoutMs`, or when the run ends without it.
     */
    waitForLog(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
    /** Ends a run that has no process: SUCCEEDED for 0, FAILED otherwise. */
    finish(exitCode?: number): void;
    /** Aborts the run as `POST /v2/actor-runs/:runId/abort` does. */
    abort(options?: AbortOptions): Promise<Run>;
}
