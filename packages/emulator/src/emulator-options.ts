/** The options of `PlatformEmulator.start()`. Types only. */
import type { StartRunHook } from './run-types.js';

/** Options of `PlatformEmulator.start()`. */
export interface EmulatorOptions {
    /**
     * API token the emulator accepts (`Authorization: Bearer <token>` or `?token=`).
     * @default a random token
     */
    token?: string;
    /**
     * Id of the default run: the one `env()`, `run`, `statusMessages()` and `timeline` describe, there
     * from the start, with no process.
     * @default a random 17-character id, like the platform's
     */
    runId?: string;
    /**
     * Starts the process of each run created by `POST /v2/acts/:actorId/runs` (`client.actor(id).start()`
     * and `.call()`), e.g. by spawning the Actor with `run.env()`. Without it that endpoint answers 501.
     * @default undefined
     */
    startRun?: StartRunHook;
    /**
     * The Actors there are, by id, name or `username/name`: `POST /v2/acts/:actorId/runs` for any other
     * answers 404 `record-not-found` ("Actor was not found"), as the API does for an Actor that does not
     * exist (or that the token may not run). Without it, every id a run is started for is taken to be
     * an Actor: kinder than the platform, and a typo in an Actor id goes unnoticed.
     * @default undefined (any id)
     */
    actors?: readonly string[];
    /**
     * How long a run started through the API stays `READY` before the `startRun` hook is called. The API
     * answers a start at once with the run `READY`; the platform then takes a few seconds to start the
     * container. `0` calls the hook right after the answer.
     * @default 0
     */
    runStartDelayMs?: number;
    /**
     * How far behind the queue `GET /v2/request-queues/:id` answers its counts (`totalRequestCount`,
     * `handledRequestCount`, `pendingRequestCount`): the API's counts lag the queue by a few seconds, so
     * a request added or handled shows in them only that much later. `0` answers them exact.
     * @default 0
     */
    queueCountLagMs?: number;
    /**
     * Graceful abort (`POST .../abort?gracefully=true`): how long after the `aborting` event the process is
     * killed. The platform waits 30 s.
     * @default 30000
     */
    abortGraceMs?: number;
    /**
     * Stopping a process (abort, time-out, `close()`): how long after SIGTERM it gets SIGKILL.
     * @default 5000
     */
    killTimeoutMs?: number;
    /**
     * The window of the per-resource rate limits (60 requests/s by default, 200/s for key-value store
     * records, 400/s for run starts, dataset pushes and single queue requests): that many requests are
     * allowed per window, then 429 `rate-limit-exceeded`. A long window (60000) makes the limit reachable
     * deterministically in a test. `0` turns limits off. Every answer of a limited endpoint carries its
     * limit in `X-RateLimit-Limit`, as the API's do. A run (`/v2/actor-runs/:runId` and its log) is a
     * resource of its own, limited to 60 requests/s for each of its endpoints.
     * @default 1000
     */
    rateLimitWindowMs?: number;
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
