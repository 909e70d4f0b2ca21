import { randomId, randomToken } from '../ids.js';
import type { RunInput, RunProcessHandle } from '../run-types.js';
import { EmulatorClock } from '../timeline.js';
import { type ActorRecord, Actors } from './actors.js';
import { Dataset } from './dataset.js';
import { freePort } from './free-port.js';
import { KeyValueStore } from './key-value-store.js';
import { RequestQueue } from './request-queue.js';
import { createRunData } from './run-data.js';
import { adoptProcess } from './run-process.js';
import { RunRecord } from './run-record.js';
import { type StorageOwner, StorageRegistry } from './storages.js';
import { Timers } from './timers.js';

/** The user every token of the emulator belongs to: storages are found by `local-user~name` too. */
const USERNAME = 'local-user';

interface PlatformOptions {
    defaultRunId: string;
    defaultToken: string;
    abortGraceMs: number;
    killTimeoutMs: number;
    /** How far behind the queue its counts are answered (0: exact). */
    queueCountLagMs: number;
    /** How long a started run stays READY before its process is started. */
    runStartDelayMs: number;
    /** The Actors there are (ids or `username/name`); undefined: any id is one. */
    actors: readonly string[] | undefined;
    /** Starts a run's process (the user's `startRun` hook, wrapped); `undefined` when there is none. */
    launch: ((run: RunRecord) => RunProcessHandle | Promise<RunProcessHandle>) | undefined;
}

/** What a new run is made of. */
interface NewRun {
    actor: ActorRecord;
    input: RunInput | undefined;
    timeoutSecs: number;
    memoryMbytes: number;
    origin: string;
}

/** The state of the emulated platform: runs, Actors and storages, all in memory. */
export class Platform {
    readonly userId = randomId();
    readonly username = USERNAME;
    readonly clock = new EmulatorClock();
    readonly timers = new Timers();
    readonly actors: Actors;
    readonly keyValueStores = new StorageRegistry('Key-value store', USERNAME, (info) => new KeyValueStore(info));
    readonly datasets = new StorageRegistry('Dataset', USERNAME, (info) => new Dataset(info));
    readonly requestQueues = new StorageRegistry('Request queue', USERNAME, (info) => new RequestQueue(info));
    readonly #options: PlatformOptions;
    readonly #runs = new Map<string, RunRecord>();
    readonly #byToken = new Map<string, RunRecord>();
    #defaultRun: RunRecord | undefined;

    private constructor(options: PlatformOptions) {
        this.#options = options;
        this.actors = new Actors(USERNAME, this.userId, options.actors);
    }

    /** A platform with its default run: RUNNING from the start, no process, the emulator's own token. */
    static async create(options: PlatformOptions): Promise<Platform> {
        const platform = new Platform(options);
        const actor = platform.actors.register(randomId());
        platform.#defaultRun = await platform.createRun(
            { actor, input: undefined, timeoutSecs: 0, memoryMbytes: 1024, origin: 'DEVELOPMENT' },
            { id: options.defaultRunId, token: options.defaultToken, enforceTimeout: false },
        );
        return platform;
    }

    get defaultRun(): RunRecord {
        if (this.#defaultRun === undefined) throw new Error('The platform has no default run yet');
        return this.#defaultRun;
    }

    get canLaunch(): boolean {
        return this.#options.launch !== undefined;
    }

    runs(): RunRecord[] {
        return [...this.#runs.values()];
    }

    run(id: string): RunRecord | undefined {
        return this.#runs.get(id);
    }

    /** The time a queue's counts are answered as of (ms, `Date.now()`), or undefined when they are exact. */
    queueCountsAsOf(): number | undefined {
        const lag = this.#options.queueCountLagMs;
        return lag > 0 ? Date.now() - lag : undefined;
    }

    /** The run a token belongs to; every token the emulator handed out is valid. */
    runByToken(token: string): RunRecord | undefined {
        return this.#byToken.get(token);
    }

    /** Who owns what a caller creates. */
    owner(caller: RunRecord | undefined): StorageOwner {
        return { userId: this.userId, actId: caller?.data.actId ?? null, actRunId: caller?.id ?? null };
    }

    /** A new run with its own token, default storages (INPUT stored), web server port and events websocket. */
    async createRun(
        spec: NewRun,
        fixed: { id?: string; token?: string; enforceTimeout?: boolean } = {},
    ): Promise<RunRecord> {
        const id = fixed.id ?? randomId();
        const owner = { userId: this.userId, actId: spec.actor.id, actRunId: id };
        const store = this.keyValueStores.create(null, owner);
        const dataset = this.datasets.create(null, owner);
        const queue = this.requestQueues.create(null, owner);
        if (spec.input !== undefined) store.set('INPUT', spec.input.raw, spec.input.contentType);
        const webServerPort = await freePort();
        const data = createRunData({
            id,
            actId: spec.actor.id,
            userId: this.userId,
            startedAt: new Date(),
            status: 'RUNNING',
            origin: spec.origin,
            timeoutSecs: spec.timeoutSecs,
            memoryMbytes: spec.memoryMbytes,
            inputBodyLen: spec.input?.raw.length ?? 0,
            defaultKeyValueStoreId: store.info.id,
            defaultDatasetId: dataset.info.id,
            defaultRequestQueueId: queue.info.id,
            containerUrl: `http://127.0.0.1:${webServerPort}`,
        });
        const record = new RunRecord({
            data,
            token: fixed.token ?? randomToken(),
            input: spec.input,
            webServerPort,
            clock: this.clock,
            timers: this.timers,
            abortGraceMs: this.#options.abortGraceMs,
            killTimeoutMs: this.#options.killTimeoutMs,
        });
        this.#runs.set(id, record);
        this.#byToken.set(record.token, record);
        if (fixed.enforceTimeout !== false) record.startTimeout();
        return record;
    }

    /**
     * Starts the run's process through the hook, as the platform does after it has answered the start:
     * READY at once, the hook called `runStartDelayMs` later (on the next turn at 0), RUNNING once it
     * returned. Resolves when the hook has been called and returned (or threw).
     */
    launch(record: RunRecord): Promise<void> {
        const launch = this.#options.launch;
        if (launch === undefined) throw new Error('No startRun hook was given');
        record.data.status = 'READY';
        record.log.line('ACTOR: Starting the Actor run.');
        return new Promise<void>((resolve) => {
            this.timers.after(this.#options.runStartDelayMs, () => {
                // Aborted (or timed out) while it waited: there is nothing to start.
                if (record.isFinished) {
                    resolve();
                    return;
                }
                Promise.resolve()
                    .then(() => launch(record))
                    .then((handle) => record.attach(adoptProcess(handle)))
                    .catch((error: unknown) => record.failedToStart(error))
                    .finally(resolve);
            });
        });
    }

    /** `DELETE /v2/actor-runs/:runId` of a finished run: gone from lists and lookups; its token stays valid. */
    deleteRun(record: RunRecord): void {
        this.#runs.delete(record.id);
    }

    /** Kills every run process still running (bounded), then releases timers and websockets. */
    async close(): Promise<void> {
        const runs = [...this.#byToken.values()];
        const killed = Promise.all(runs.map((run) => run.kill().catch(() => {})));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([killed, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
        clearTimeout(timer);
        this.timers.clearAll();
        for (const run of runs) run.dispose();
        await Promise.all(runs.map((run) => run.events.close()));
    }
}
