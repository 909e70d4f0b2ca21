import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from './body.js';
import { ApiError, errorForStatus, sendError, sendJson } from './errors.js';
import { EventSocket } from './events.js';
import { FaultBook, faultLabel } from './faults.js';
import { formatEntries, formatStatusMessages } from './format.js';
import { randomId, randomToken } from './ids.js';
import { route } from './routes.js';
import { applyUpdate, createRun, snapshotRun } from './run.js';
import { Timeline } from './timeline.js';
import type {
    EmulatorOptions,
    FaultRule,
    FormatTimelineOptions,
    Run,
    StatusMessageRecord,
    TimelineEntry,
} from './types.js';

const HOST = '127.0.0.1';
const DEFAULT_MAX_BODY_BYTES = 9 * 1024 * 1024;

/**
 * A local stand-in for the parts of the Apify API that status messages touch: one run, its update /
 * get / reboot endpoints, the events websocket, a recorded timeline and fault injection.
 * Real HTTP on loopback, so the real apify-client and SDK run against it unchanged.
 */
export class PlatformEmulator {
    readonly runId: string;
    readonly token: string;
    readonly #keepAlive: boolean;
    readonly #maxBodyBytes: number;
    readonly #server: Server;
    readonly #run: Run;
    readonly #timeline: Timeline;
    readonly #faults = new FaultBook();
    readonly #events: EventSocket;
    readonly #sockets = new Set<Socket>();
    readonly #timers = new Set<NodeJS.Timeout>();
    #port = 0;
    #connections = 0;
    /** Times `refuseConnections(true)` cut the open connections: requests it cut are never applied. */
    #cuts = 0;
    #listening = false;
    #closed = false;
    #closing: Promise<void> | undefined;

    private constructor(options: EmulatorOptions) {
        this.runId = options.runId ?? randomId();
        this.token = options.token ?? randomToken();
        this.#keepAlive = options.keepAlive ?? true;
        this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
        this.#timeline = new Timeline(performance.now());
        this.#run = createRun(this.runId, new Date());
        this.#events = new EventSocket(`/v2/actor-runs/${encodeURIComponent(this.runId)}/events`);
        this.#server = createServer({ keepAliveTimeout: options.keepAliveTimeoutMs ?? 5000 }, (req, res) => {
            this.#handle(req, res).catch((error: unknown) => {
                sendError(res, new ApiError(500, 'internal-error', String(error)), this.#keepAlive);
            });
        });
        this.#server.on('connection', (socket: Socket) => {
            this.#connections += 1;
            this.#sockets.add(socket);
            socket.once('close', () => this.#sockets.delete(socket));
        });
        this.#server.on('upgrade', (req, socket, head) => this.#events.handleUpgrade(req, socket, head));
    }

    /** Starts an emulator on 127.0.0.1 and resolves once it listens. */
    static async start(options: EmulatorOptions = {}): Promise<PlatformEmulator> {
        validateOptions(options);
        const emulator = new PlatformEmulator(options);
        await emulator.#listen(options.port ?? 0);
        return emulator;
    }

    /** `http://127.0.0.1:PORT`, without `/v2` (like `APIFY_API_BASE_URL`). */
    get url(): string {
        return `http://${HOST}:${this.#port}`;
    }

    /** The run as `GET /v2/actor-runs/:runId` would return it now (a copy). */
    get run(): Readonly<Run> {
        return snapshotRun(this.#run, new Date());
    }

    get timeline(): readonly TimelineEntry[] {
        return this.#timeline.entries;
    }

    /** TCP connections accepted so far (HTTP and websocket): shows whether clients reuse sockets. */
    get connections(): number {
        return this.#connections;
    }

    /** The environment a run on the platform gets, pointed at this emulator. */
    env(): Record<string, string> {
        return {
            ACTOR_RUN_ID: this.runId,
            APIFY_ACTOR_RUN_ID: this.runId,
            APIFY_TOKEN: this.token,
            APIFY_API_BASE_URL: this.url,
            ACTOR_EVENTS_WEBSOCKET_URL: `ws://${HOST}:${this.#port}/v2/actor-runs/${encodeURIComponent(this.runId)}/events`,
        };
    }

    /** What the Console showed: accepted PUTs that carried a status message, in the order they were applied. */
    statusMessages(): StatusMessageRecord[] {
        return this.#timeline.statusMessages.map((record) => ({ ...record }));
    }

    fault(rule: FaultRule): void {
        this.#faults.add(rule);
    }

    clearFaults(): void {
        this.#faults.clear();
    }

    /**
     * `true` stops listening on the port (new connections get ECONNREFUSED) and cuts every open HTTP
     * connection, including hung requests, the way a server that went away does; websocket clients stay.
     * `false` listens again on the same port.
     */
    async refuseConnections(refuse: boolean): Promise<void> {
        this.#assertOpen('refuseConnections');
        if (refuse && this.#listening) {
            this.#listening = false;
            this.#cuts += 1;
            const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
            this.#server.closeAllConnections();
            await closed;
            // Let clients in this process see their keep-alive sockets close, so their next request
            // opens a new connection (refused) instead of writing into a dead one (reset).
            await loopTurns();
        } else if (!refuse && !this.#listening) {
            await this.#listen(this.#port);
        }
    }

    sendEvent(name: string, data?: unknown): void {
        this.#assertOpen('sendEvent');
        this.#events.send(name, data);
    }

    eventClients(): number {
        return this.#events.clientCount();
    }

    /** Resolves on the request after which `predicate(timeline)` holds (or at once if it holds already). */
    waitFor(predicate: (entries: readonly TimelineEntry[]) => boolean, timeoutMs = 10_000): Promise<void> {
        if (this.#closed) return Promise.reject(new Error('waitFor called on a closed PlatformEmulator'));
        return this.#timeline.waitFor(predicate, timeoutMs, () => formatEntries(this.#timeline.entries) || '(empty)');
    }

    /** "+1.2s  [terminal] message" per line; `{ all: true }` lists every request instead. */
    formatTimeline(options: FormatTimelineOptions = {}): string {
        return options.all
            ? formatEntries(this.#timeline.entries)
            : formatStatusMessages(this.#timeline.statusMessages);
    }

    /** Closes the server, every socket (hung ones too), the websocket and pending timers. Idempotent. */
    close(): Promise<void> {
        this.#closing ??= this.#close();
        return this.#closing;
    }

    async #close(): Promise<void> {
        this.#closed = true;
        for (const timer of this.#timers) clearTimeout(timer);
        this.#timers.clear();
        this.#timeline.rejectWaiters('PlatformEmulator was closed while waiting');
        const serverClosed = this.#listening
            ? new Promise<void>((resolve) => this.#server.close(() => resolve()))
            : Promise.resolve();
        this.#listening = false;
        await this.#events.close();
        for (const socket of this.#sockets) socket.destroy();
        this.#server.closeAllConnections();
        await serverClosed;
        // Node releases the listening handle in the event loop's close phase, after the 'close' event;
        // two loop turns later it is gone, so a leak check right after close() sees a clean process.
        await loopTurns();
    }

    #listen(port: number): Promise<void> {
        return new Promise((resolve, reject) => {
            const onError = (error: Error) => reject(error);
            this.#server.once('error', onError);
            this.#server.listen(port, HOST, () => {
                this.#server.off('error', onError);
                this.#port = (this.#server.address() as AddressInfo).port;
                this.#listening = true;
                resolve();
            });
        });
    }

    async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? '/', this.url);
        const method = req.method ?? 'GET';
        const body = await readBody(req, this.#maxBodyBytes);
        const receivedAt = this.#timeline.now();
        const contentEncoding = req.headers['content-encoding'];
        const request = { receivedAt, method, path: url.pathname, body: body.json, contentEncoding };

        const rule = this.#faults.take({ method, path: url.pathname, body: body.json });
        let fault = rule === undefined ? undefined : faultLabel(rule);
        const cutsBefore = this.#cuts;
        if (rule?.delayMs !== undefined && !(await this.#delay(rule.delayMs))) return;
        if (this.#closed || this.#cuts !== cutsBefore) {
            // refuseConnections cut it during the delay: a server that went away applies nothing.
            this.#timeline.record({ ...request, status: 0, fault: fault ?? 'refused' }, this.#consoleState());
            return;
        }
        // The client gave up during the delay (its timeout): a real server still handles the request it
        // received, so the update is applied, just never answered. Marked in the timeline.
        const clientGone = res.destroyed;
        if (clientGone) fault = `${fault ?? 'delay'}+client-gone`;
        if (rule?.hang) {
            // Left open on purpose; close() or refuseConnections(true) destroys the socket.
            this.#timeline.record({ ...request, status: 0, fault: 'hang' }, this.#consoleState());
            return;
        }
        if (rule?.drop) {
            this.#timeline.record({ ...request, status: 0, fault: 'drop' }, this.#consoleState());
            req.socket.destroy();
            return;
        }
        if (rule?.status !== undefined) {
            const error = errorForStatus(rule.status);
            this.#timeline.record({ ...request, status: error.status, fault }, this.#consoleState());
            if (!clientGone) sendError(res, error, this.#keepAlive);
            return;
        }

        const action = route(
            { method, path: url.pathname, query: url.searchParams, headers: req.headers, body },
            this.runId,
            this.token,
        );
        if (action instanceof ApiError) {
            this.#timeline.record({ ...request, status: action.status, fault }, this.#consoleState());
            if (!clientGone) sendError(res, action, this.#keepAlive);
            return;
        }
        if (action.kind === 'update') applyUpdate(this.#run, action.update);
        this.#timeline.record({ ...request, status: 200, fault }, this.#consoleState());
        if (!clientGone) sendJson(res, 200, { data: this.run }, this.#keepAlive);
    }

    /** Waits without keeping the emulator alive after close(); resolves `false` if it was closed meanwhile. */
    #delay(ms: number): Promise<boolean> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.#timers.delete(timer);
                resolve(!this.#closed);
            }, ms);
            this.#timers.add(timer);
        });
    }

    #consoleState() {
        return { message: this.#run.statusMessage ?? undefined, terminal: this.#run.isStatusMessageTerminal };
    }

    #assertOpen(method: string): void {
        if (this.#closed) throw new Error(`${method}() called on a closed PlatformEmulator`);
    }
}

async function loopTurns(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
}

function validateOptions(options: EmulatorOptions): void {
    const { maxBodyBytes, keepAliveTimeoutMs, port, runId, token } = options;
    if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
        throw new TypeError(`Expected \`maxBodyBytes\` to be a positive integer, got \`${maxBodyBytes}\``);
    }
    if (keepAliveTimeoutMs !== undefined && !(Number.isFinite(keepAliveTimeoutMs) && keepAliveTimeoutMs >= 0)) {
        throw new TypeError(`Expected \`keepAliveTimeoutMs\` to be a number >= 0, got \`${keepAliveTimeoutMs}\``);
    }
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
        throw new TypeError(`Expected \`port\` to be an integer from 0 to 65535, got \`${port}\``);
    }
    if (runId !== undefined && (runId === '' || runId.includes('/'))) {
        throw new TypeError(`Expected \`runId\` to be a non-empty string without "/", got \`${runId}\``);
    }
    if (token === '') throw new TypeError('Expected `token` to be a non-empty string');
}
