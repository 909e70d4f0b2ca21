import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Run } from './api-types.js';
import type { EmulatorOptions } from './emulator-options.js';
import { AttemptCounter } from './entry.js';
import { refuseUpgrade } from './events.js';
import { FaultBook } from './faults.js';
import { formatEntries, formatStatusMessages } from './format.js';
import { handleRequest } from './http/pipeline.js';
import { RateLimiter } from './http/rate-limit.js';
import { HOST, HttpServer } from './http/server.js';
import { randomId, randomToken } from './ids.js';
import { encodeInput, type ResolvedOptions, resolveOptions, validateCreateRun } from './options.js';
import { Platform } from './platform/platform.js';
import {
    applyPricing,
    checkMaxTotalCharge,
    pricingOfActor,
    setActorPricing,
    toPricingInfo,
} from './platform/pricing.js';
import { snapshotRun } from './platform/run-data.js';
import { eventsPath } from './platform/run-env.js';
import type { RunRecord } from './platform/run-record.js';
import type { CreateRunOptions, EmulatedRun, PayPerEventPricing } from './run-types.js';
import type { DatasetView, KeyValueStoreView, RequestQueueView } from './storage-types.js';
import { Timeline } from './timeline.js';
import type { FaultRule, FormatTimelineOptions, StatusMessageRecord, TimelineEntry } from './types.js';
import { RunView } from './views/run-view.js';
import { datasetView, keyValueStoreView, requestQueueView } from './views/storage-views.js';

const EVENTS_PATH = /^\/v2\/actor-runs\/([^/]+)\/events\/?$/;

/**
 * A local stand-in for the Apify platform on loopback: runs (the default one, runs started through
 * `POST /v2/acts/:actorId/runs` and a `startRun` hook, runs made with `createRun`), their status
 * messages, events websockets and logs, and the key-value stores, datasets and request queues the
 * SDK and Crawlee use. Real HTTP, so the real apify-client, SDK and Crawlee run against it unchanged.
 * The methods without a run in their name (`statusMessages()`, `sendEvent()`, ...) are the default run's.
 */
export class PlatformEmulator {
    readonly runId: string;
    readonly token: string;
    readonly #platform: Platform;
    readonly #http: HttpServer;
    readonly #timeline = new Timeline();
    readonly #faults = new FaultBook();
    readonly #views = new WeakMap<RunRecord, RunView>();
    #closed = false;
    #closing: Promise<void> | undefined;

    private constructor(runId: string, token: string, options: ResolvedOptions, platform: Platform) {
        this.runId = runId;
        this.token = token;
        this.#platform = platform;
        const limiter = new RateLimiter(options.rateLimitWindowMs);
        const attempts = new AttemptCounter();
        const deps = {
            platform,
            faults: this.#faults,
            timeline: this.#timeline,
            attempts,
            limiter,
            keepAlive: options.keepAlive,
            maxBodyBytes: options.maxBodyBytes,
            apiUrl: () => this.url,
            closed: () => this.#closed,
            delay: (ms: number) => this.#delay(ms),
        };
        this.#http = new HttpServer({
            keepAlive: options.keepAlive,
            keepAliveTimeoutMs: options.keepAliveTimeoutMs,
            onRequest: (req, res, flight) => handleRequest(deps, req, res, flight),
            onUpgrade: (req, socket, head) => this.#upgrade(req, socket, head),
        });
    }

    /** Starts an emulator on 127.0.0.1 and resolves once it listens. */
    static async start(options: EmulatorOptions = {}): Promise<PlatformEmulator> {
        const resolved = resolveOptions(options);
        const runId = options.runId ?? randomId();
        const token = options.token ?? randomToken();
        let emulator: PlatformEmulator | undefined;
        const { startRun } = options;
        const platform = await Platform.create({
            defaultRunId: runId,
            defaultToken: token,
            abortGraceMs: resolved.abortGraceMs,
            killTimeoutMs: resolved.killTimeoutMs,
            queueCountLagMs: resolved.queueCountLagMs,
            runStartDelayMs: resolved.runStartDelayMs,
            actors: resolved.actors,
            launch: startRun && ((record) => startRun((emulator as PlatformEmulator).#view(record))),
        });
        emulator = new PlatformEmulator(runId, token, resolved, platform);
        await emulator.#http.listen(resolved.port);
        return emulator;
    }

    /** `http://127.0.0.1:PORT`, without `/v2` (like `APIFY_API_BASE_URL`). */
    get url(): string {
        return `http://${HOST}:${this.#http.port}`;
    }

    /** The user all tokens belong to; named storages are also found as `username~name`. */
    get username(): string {
        return this.#platform.username;
    }

    /** The default run as `GET /v2/actor-runs/:runId` would return it now (a copy). */
    get run(): Readonly<Run> {
        return snapshotRun(this.#platform.defaultRun.data, new Date());
    }

    /** Every request the emulator handled, whichever run it concerned. */
    get timeline(): readonly TimelineEntry[] {
        return this.#timeline.entries;
    }

    /** TCP connections accepted so far (HTTP and websocket): shows whether clients reuse sockets. */
    get connections(): number {
        return this.#http.connections;
    }

    /** The default run, as every other run is seen. */
    get defaultRun(): EmulatedRun {
        return this.#view(this.#platform.defaultRun);
    }

    /** Every run, oldest first (the default one included; deleted ones not). */
    runs(): EmulatedRun[] {
        return this.#platform.runs().map((record) => this.#view(record));
    }

    getRun(runId: string): EmulatedRun | undefined {
        const record = this.#platform.run(runId);
        return record === undefined ? undefined : this.#view(record);
    }

    /** A RUNNING run with no process (nothing is started): end it with `run.finish(exitCode)` or `run.abort()`. */
    async createRun(options: CreateRunOptions = {}): Promise<EmulatedRun> {
        this.#assertOpen('createRun');
        validateCreateRun(options);
        checkMaxTotalCharge(options.maxTotalChargeUsd);
        const pricing = options.pricing === undefined ? undefined : toPricingInfo(options.pricing);
        const platform = this.#platform;
        const actor =
            options.actorId === undefined
                ? platform.actors.require(platform.defaultRun.data.actId)
                : platform.actors.register(options.actorId);
        const record = await platform.createRun({
            actor,
            input: encodeInput(options),
            timeoutSecs: options.timeoutSecs ?? 0,
            memoryMbytes: options.memoryMbytes ?? 1024,
            origin: 'DEVELOPMENT',
        });
        applyPricing(record.data, pricing ?? pricingOfActor(actor), options.maxTotalChargeUsd);
        return this.#view(record);
    }

    /**
     * Makes `actorId` (an id or `username~name`) a pay-per-event Actor with these prices: runs of it
     * started from now on (`POST /v2/acts/:actorId/runs`, `createRun({ actorId })`) serve them as their
     * `pricingInfo`; `undefined` makes it free again. See docs/emulator-pay-per-event.md.
     */
    setActorPricing(actorId: string, pricing: PayPerEventPricing | undefined): void {
        this.#assertOpen('setActorPricing');
        if (typeof actorId !== 'string' || actorId === '' || actorId.includes('/')) {
            throw new TypeError(`Expected \`actorId\` to be an id or "username~name", got \`${String(actorId)}\``);
        }
        setActorPricing(this.#platform.actors.register(actorId), pricing);
    }

    /** A key-value store by id, name or `username~name`. */
    keyValueStore(idOrName: string): KeyValueStoreView | undefined {
        const store = this.#platform.keyValueStores.find(idOrName);
        return store === undefined ? undefined : keyValueStoreView(store);
    }

    dataset(idOrName: string): DatasetView | undefined {
        const dataset = this.#platform.datasets.find(idOrName);
        return dataset === undefined ? undefined : datasetView(dataset);
    }

    requestQueue(idOrName: string): RequestQueueView | undefined {
        const queue = this.#platform.requestQueues.find(idOrName);
        return queue === undefined ? undefined : requestQueueView(queue);
    }

    /**
     * The default run's environment for status messages only: no `APIFY_IS_AT_HOME`, so the SDK keeps
     * its local storages. `defaultRun.env()` (and any run's `env()`) gives the full platform environment.
     */
    env(): Record<string, string> {
        const { runId } = this;
        return {
            ACTOR_RUN_ID: runId,
            APIFY_ACTOR_RUN_ID: runId,
            APIFY_TOKEN: this.token,
            APIFY_API_BASE_URL: this.url,
            ACTOR_EVENTS_WEBSOCKET_URL: `ws://${HOST}:${this.#http.port}${eventsPath(runId)}`,
        };
    }

    /** What the default run's Console showed: accepted status messages, in the order they were applied. */
    statusMessages(): StatusMessageRecord[] {
        return this.defaultRun.statusMessages();
    }

    /** Adds a fault rule; see `FaultRule` for what it matches (method, endpoint kind, run) and does. */
    fault(rule: FaultRule): void {
        this.#faults.add(rule);
    }

    clearFaults(): void {
        this.#faults.clear();
    }

    /**
     * `true` stops listening on the port (new connections get ECONNREFUSED) and cuts every open HTTP
     * connection, including hung and delayed requests (which are then not applied), the way a server that
     * went away does; websocket clients stay. `false` listens again on the same port.
     */
    async refuseConnections(refuse: boolean): Promise<void> {
        this.#assertOpen('refuseConnections');
        if (refuse) await this.#http.refuse();
        else if (!this.#http.listening) await this.#http.listen(this.#http.port);
    }

    /** Sends a platform event on the default run's websocket (`defaultRun`; other runs have their own). */
    sendEvent(name: string, data?: unknown): void {
        this.#assertOpen('sendEvent');
        this.#platform.defaultRun.sendEvent(name, data);
    }

    eventClients(): number {
        return this.#platform.defaultRun.events.clientCount();
    }

    /** Resolves on the request after which `predicate(timeline)` holds (or at once if it holds already). */
    waitFor(predicate: (entries: readonly TimelineEntry[]) => boolean, timeoutMs = 10_000): Promise<void> {
        if (this.#closed) return Promise.reject(new Error('waitFor called on a closed PlatformEmulator'));
        return this.#timeline.waitFor(predicate, timeoutMs, () => formatEntries(this.#timeline.entries) || '(empty)');
    }

    /** "+1.2s  [terminal] message" per line (the default run's Console); `{ all: true }` lists every request. */
    formatTimeline(options: FormatTimelineOptions = {}): string {
        return options.all
            ? formatEntries(this.#timeline.entries)
            : formatStatusMessages(this.#platform.defaultRun.console.statusMessages);
    }

    /**
     * Closes the server, every socket (hung ones too), the websockets and pending timers, and kills the
     * processes of runs still running (SIGKILL). Idempotent.
     */
    close(): Promise<void> {
        this.#closing ??= this.#close();
        return this.#closing;
    }

    async #close(): Promise<void> {
        this.#closed = true;
        this.#timeline.rejectWaiters('PlatformEmulator was closed while waiting');
        for (const run of this.#platform.runs())
            run.timeline.rejectWaiters('PlatformEmulator was closed while waiting');
        await this.#platform.close();
        await this.#http.close();
    }

    #view(record: RunRecord): RunView {
        let view = this.#views.get(record);
        if (view === undefined) {
            view = new RunView(record, {
                apiUrl: () => this.url,
                userId: this.#platform.userId,
                assertOpen: (method) => this.#assertOpen(method),
                isClosed: () => this.#closed,
            });
            this.#views.set(record, view);
        }
        return view;
    }

    /** Routes a websocket upgrade to the run whose events path it asks for; anything else gets 404. */
    #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
        const match = EVENTS_PATH.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
        let record: RunRecord | undefined;
        try {
            record = match?.[1] === undefined ? undefined : this.#platform.run(decodeURIComponent(match[1]));
        } catch {
            record = undefined;
        }
        if (record === undefined) refuseUpgrade(socket);
        else record.events.handleUpgrade(req, socket, head);
    }

    /** Waits without keeping the emulator alive after close(); resolves `false` if it was closed meanwhile. */
    #delay(ms: number): Promise<boolean> {
        return new Promise((resolve) => {
            const cancel = this.#platform.timers.after(ms, () => resolve(!this.#closed));
            if (this.#closed) {
                cancel();
                resolve(false);
            }
        });
    }

    #assertOpen(method: string): void {
        if (this.#closed) throw new Error(`${method}() called on a closed PlatformEmulator`);
    }
}
