import { notFound } from '../errors.js';
import { randomId } from '../ids.js';

/** An Actor the emulator has seen: every id or `username~name` a run was started for becomes one. */
export interface ActorRecord {
    id: string;
    name: string;
    username: string;
    createdAt: string;
}

/**
 * The Actors runs belong to. Given a list (the `actors` option), those are the Actors there are, and
 * starting a run of any other is 404, as on the platform; without one, there is no Actor to create
 * first: starting a run registers it.
 */
export class Actors {
    readonly #username: string;
    readonly #userId: string;
    readonly #byId = new Map<string, ActorRecord>();
    readonly #declared: boolean;

    constructor(username: string, userId: string, declared?: readonly string[]) {
        this.#username = username;
        this.#userId = userId;
        this.#declared = declared !== undefined;
        for (const idOrName of declared ?? []) this.register(idOrName.replace('/', '~'));
    }

    /** The Actor a run is started for: a declared one (else 404), or any id when none were declared. */
    forRun(idOrName: string): ActorRecord {
        return this.#declared ? this.require(idOrName) : this.register(idOrName);
    }

    /** By id, or by `username~name` (apify-client turns `username/name` into that). */
    resolve(idOrName: string): ActorRecord | undefined {
        const byId = this.#byId.get(idOrName);
        if (byId !== undefined) return byId;
        const [username, name] = idOrName.split('~');
        if (name === undefined) return undefined;
        return [...this.#byId.values()].find((actor) => actor.username === username && actor.name === name);
    }

    require(idOrName: string): ActorRecord {
        const actor = this.resolve(idOrName);
        if (actor === undefined) throw notFound('Actor');
        return actor;
    }

    /** The Actor, registered on first use: a plain string is its id and name; `user~name` gets a fresh id. */
    register(idOrName: string): ActorRecord {
        const known = this.resolve(idOrName);
        if (known !== undefined) return known;
        const tilde = idOrName.indexOf('~');
        const actor: ActorRecord = {
            id: tilde === -1 ? idOrName : randomId(),
            name: tilde === -1 ? idOrName : idOrName.slice(tilde + 1),
            username: tilde === -1 ? this.#username : idOrName.slice(0, tilde),
            createdAt: new Date().toISOString(),
        };
        this.#byId.set(actor.id, actor);
        return actor;
    }

    /** `GET /v2/acts/:actorId`, with the fields apify-client and the Console read. */
    describe(actor: ActorRecord, totalRuns: number): Record<string, unknown> {
        return {
            id: actor.id,
            userId: this.#userId,
            name: actor.name,
            username: actor.username,
            title: actor.name,
            description: null,
            isPublic: false,
            createdAt: actor.createdAt,
            modifiedAt: actor.createdAt,
            stats: {
                totalBuilds: 0,
                totalRuns,
                totalUsers: 1,
                totalUsers7Days: 1,
                totalUsers30Days: 1,
                totalUsers90Days: 1,
                totalMetamorphs: 0,
            },
            versions: [],
            defaultRunOptions: { build: 'latest', timeoutSecs: 0, memoryMbytes: 1024 },
            exampleRunInput: null,
            taggedBuilds: {},
        };
    }
}
