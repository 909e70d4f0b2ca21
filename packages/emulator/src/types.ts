/**
 * Public types of the platform emulator. Types only: the behaviour lives next door.
 */

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
    /**
     * The API reference's operationId of the endpoint (`actorRun_put`, `requestQueue_head_lock_post`, ...);
     * absent for a path the API does not know.
     */
    kind?: string;
    /** The run whose token made the request; absent for an unknown or missing token. */
    runId?: string;
    /**
     * The client had gone (timed out, closed its socket) before the emulator handled the request: it was
     * applied all the same, as a real server does, and its answer went nowhere.
     */
    clientGone?: true;
}

/** A status message the Console showed: an accepted (2xx) PUT that carried `statusMessage`. */
export interface StatusMessageRecord {
    at: number;
    message: string;
    /** The run's terminal flag after this update. */
    terminal: boolean;
    /**
     * The platform's own message, set when the run ended without a terminal message of its own
     * ("Actor finished with exit code 1"): the Actor never sent it.
     */
    byPlatform?: true;
}

/** What a fault rule's `match` function sees. */
export interface FaultRequest {
    method: string;
    path: string;
    body: unknown;
    /** The endpoint's operationId in the API reference (see `TimelineEntry.kind`); absent for unknown paths. */
    kind?: string;
    /** The run whose token made the request. */
    runId?: string;
    query: URLSearchParams;
}

/**
 * An injected fault. Rules are checked in the order they were added; the first matching rule that is not
 * used up handles the request. A rule with `times` is used up after that many matches.
 */
export interface FaultRule {
    /**
     * Which requests the rule applies to. `put` / `get`: any request with that method. `terminal`: status
     * updates of a run (`PUT /v2/actor-runs/:runId`) with `isStatusMessageTerminal: true`;
     * `non-terminal`: status updates without it. Combined with `kind` and `runId` when those are given.
     * @default 'any'
     */
    match?: 'any' | 'put' | 'get' | 'terminal' | 'non-terminal' | ((request: FaultRequest) => boolean);
    /**
     * Only requests to these endpoints, named by the API reference's operationId: e.g.
     * `keyValueStore_record_put` (record writes), `requestQueue_get` (queue reads), `actorRun_put`
     * (status updates), `requestQueue_head_lock_post`. Unknown names are refused up front.
     */
    kind?: string | readonly string[];
    /** Only requests made with this run's token. */
    runId?: string;
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
