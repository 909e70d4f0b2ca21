import type { ChildRunProgress } from '../counting/child-run-figures.js';
import { errorText } from '../counting/error-text.js';
import { API_MIN_INTERVAL_MS } from '../delivery/apify-transport.js';
import type { UnitForms } from './child-counts.js';
import { READ_SCHEMA_VERSION, readChildRecord } from './child-figures.js';
import { type ChildReader, childReaderFromEnv } from './child-reader.js';
import {
    applyRecord,
    applyRun,
    type ChildState,
    countRead,
    isOver,
    isSettled,
    newChildState,
    nextRead,
} from './child-state.js';
import { childProgress, sumChildren } from './child-sum.js';
import type { OrchestratorRun, OrchestratorRunInfo } from './orchestrator.js';
import type { ScaleOutPort } from './port.js';
import { ShownSum } from './shown-sum.js';

interface RunFollowerSettings {
    /** How many runs the parent will follow in all, when known. */
    runs: number | undefined;
    /** Key of the children's progress record. */
    recordKey: string;
    /** Reads the children; from the environment when not given. */
    reader?: ChildReader;
}

/** Several checks per interval, so that each run is read as soon as its interval has passed. */
const TICKS_PER_INTERVAL = 4;
const MIN_TICK_MS = 50;
/**
 * A child is read at most once a second, whatever `intervalSecs` says: the parent's own message cannot
 * change more often than that (the status message's floor, `API_MIN_INTERVAL_MS`), so a faster read
 * would be a paid call nobody sees. `intervalSecs: 0` with 10 children made 903 GETs in 5.2 s before.
 */
export const MIN_CHILD_READ_INTERVAL_MS = API_MIN_INTERVAL_MS;
/**
 * A run that ended is read again this long after its last read while the parent follows others, so
 * that a resurrected run is followed again: one GET a minute per ended run, none once all have ended.
 */
export const RECHECK_ENDED_MS = 60_000;

/**
 * Follows child runs for a parent: reads each one at most once per interval (its progress record, or
 * the run itself; see `nextRead`), none once it has settled, and hands their sum to the reporter,
 * whose publisher sends the parent's message under the usual throttle. Failed reads keep the last
 * figures and are logged once; a run id that does not exist is reported once, not read again, and
 * shown as not found: it is one of the runs expected, and did not run.
 */
export class RunFollower {
    readonly #port: ScaleOutPort;
    readonly #recordKey: string;
    readonly #reader: ChildReader | undefined;
    readonly #children = new Map<string, ChildState>();
    /** The runs apify-orchestrator reported: one it no longer reports is lost. */
    readonly #fromOrchestrator = new Set<string>();
    /** The children's noun, once taken (when the author set none). */
    #takenUnit: UnitForms | undefined;
    /** The sum as last shown: what is shown next never goes below it. */
    readonly #shown = new ShownSum();
    readonly #readIntervalMs: number;
    #expected: number | undefined;
    #timer: NodeJS.Timeout | undefined;
    #stopped = false;
    #waiters: ((runs: readonly ChildRunProgress[]) => void)[] = [];

    constructor(port: ScaleOutPort, settings: RunFollowerSettings) {
        this.#port = port;
        this.#recordKey = settings.recordKey;
        this.#expected = settings.runs;
        this.#readIntervalMs = Math.max(MIN_CHILD_READ_INTERVAL_MS, port.options.intervalMs);
        this.#reader = settings.reader ?? childReaderFromEnv(port.options.requestTimeoutMs);
        if (!this.#reader) {
            port.warnOnce(
                'follow-no-token',
                'Following child runs needs the Apify API: set APIFY_TOKEN (on the platform it is set). The children are not read.',
            );
        }
        this.#publish();
    }

    /** Every run followed, as last seen. */
    get runs(): readonly ChildRunProgress[] {
        const unit = this.#mainUnit();
        return [...this.#children.values()].map((child) => childProgress(child, unit));
    }

    /** The noun the parent counts in: the author's, else the one taken from the children. */
    #mainUnit(): UnitForms | undefined {
        return this.#port.options.unitWasSet ? this.#port.options.unit : this.#takenUnit;
    }

    /** Sets how many runs the parent will follow in all ("3 of 8 runs finished"). */
    expect(runs: number | undefined): void {
        this.#expected = runs;
        this.#publish();
    }

    /** Follows the run `runId`, shown as `label` (the run id when not given). Following it again changes nothing. */
    follow(runId: string, label?: string): void {
        if (!this.#add(runId, label)) return;
        this.#publish();
        this.#tick();
    }

    /** Adds a run to follow; false when stopped or already followed (its label is then updated). */
    #add(runId: string, label: string | undefined): boolean {
        if (this.#stopped) return false;
        const child = this.#children.get(runId);
        if (child) {
            if (label !== undefined) child.label = label;
            return false;
        }
        this.#children.set(runId, newChildState(runId, label));
        return true;
    }

    /**
     * For apify-orchestrator's `onUpdate` option: follows every run it reports, named by its request id
     * (the `runName` given), and takes in the statuses it already knows, which saves GETs of the runs.
     * A run the orchestrator replaces (a retry under the same name) is kept as a try that was run
     * again: what it did counts in the pages and in how the runs ended, not among the runs expected; a
     * run it lost counts as lost. Never throws: the orchestrator calls it in the middle of its own work.
     */
    readonly onUpdate = (
        report: Record<string, OrchestratorRunInfo>,
        _lastChangedRunRequestId?: string,
        lastChangedRun?: OrchestratorRun,
    ): void => {
        try {
            const reported = new Set<string>();
            for (const [requestId, info] of Object.entries(report ?? {})) {
                if (typeof info?.runId !== 'string') continue;
                reported.add(info.runId);
                for (const child of this.#children.values()) {
                    const replaced = child.label === requestId && child.runId !== info.runId;
                    if (replaced && this.#fromOrchestrator.has(child.runId)) child.replaced = true;
                }
                this.#add(info.runId, requestId);
                this.#fromOrchestrator.add(info.runId);
                const child = this.#children.get(info.runId);
                if (!child) continue;
                if (info.status === 'LOST') child.lost = true;
                else applyRun(child, { status: info.status });
            }
            const changed = lastChangedRun && this.#children.get(lastChangedRun.id);
            if (changed && lastChangedRun) applyRun(changed, lastChangedRun);
            // The orchestrator drops a run it lost from its report.
            for (const child of this.#children.values()) {
                const dropped = this.#fromOrchestrator.has(child.runId) && !reported.has(child.runId);
                if (dropped && !child.replaced && !isOver(child)) {
                    child.lost = true;
                }
            }
            this.#publish();
            this.#tick();
        } catch (error) {
            this.#port.warnOnce(
                'orchestrator-update',
                `Could not take in an update from apify-orchestrator: ${errorText(error)}.`,
            );
        }
    };

    /** Resolves once every followed run has ended (and as many as were expected), with how each ended. */
    whenAllEnded(): Promise<readonly ChildRunProgress[]> {
        if (this.#allSettled()) return Promise.resolve(this.runs);
        return new Promise((resolve) => this.#waiters.push(resolve));
    }

    /** Stops following: no more reads. Idempotent. */
    stop(): void {
        this.#stopped = true;
        this.#stopTimer();
    }

    #allSettled(): boolean {
        const children = [...this.#children.values()];
        return this.#current(children) >= (this.#expected ?? 0) && children.every(isSettled);
    }

    /** The runs followed that were not run again: each is one of the runs expected. */
    #current(children: readonly ChildState[]): number {
        return children.filter((child) => !child.replaced).length;
    }

    #stopTimer(): void {
        clearInterval(this.#timer);
        this.#timer = undefined;
    }

    /** Reads every run that is due. Keeps a timer going while there is anything left to read. */
    #tick(): void {
        const working = this.#port.status === 'running' || this.#port.status === 'migrating';
        if (this.#stopped || !working || !this.#reader) {
            this.#stopTimer();
            return;
        }
        const intervalMs = this.#readIntervalMs;
        const now = this.#port.options.clock.now();
        for (const child of this.#children.values()) {
            const kind = nextRead(child, now, intervalMs, RECHECK_ENDED_MS);
            if (kind) void this.#read(child, kind, now);
        }
        if (this.#allSettled()) {
            this.#stopTimer();
        } else if (!this.#timer) {
            this.#timer = setInterval(() => this.#tick(), Math.max(MIN_TICK_MS, intervalMs / TICKS_PER_INTERVAL));
        }
    }

    async #read(child: ChildState, kind: 'run' | 'record', now: number): Promise<void> {
        const reader = this.#reader;
        if (!reader) return;
        child.inFlight = true;
        countRead(child, kind, now);
        try {
            if (kind === 'run') {
                const run = await reader.run(child.runId);
                if (run === undefined) return this.#missing(child);
                applyRun(child, run);
            } else if (child.storeId !== undefined) {
                const overBefore = isOver(child);
                const read = readChildRecord(await reader.record(child.storeId, this.#recordKey));
                if (read.newerVersion !== undefined) this.#newerRecord(child, read.newerVersion);
                applyRecord(child, read.record, overBefore);
            }
        } catch (error) {
            this.#port.warnOnce(
                'child-read',
                `Could not read child run ${child.runId} (${errorText(error)}); its last figures are kept. This is logged once.`,
            );
        } finally {
            child.inFlight = false;
        }
        this.#publish();
    }

    #newerRecord(child: ChildState, version: number): void {
        this.#port.warnOnce(
            'child-record-version',
            `Child run ${child.runId} writes its progress record in schema version ${version}, newer than this actor-progress reads (${READ_SCHEMA_VERSION}): the record is not used, its status message is. Update actor-progress in the parent.`,
        );
    }

    #missing(child: ChildState): void {
        // It stays one of the runs expected, shown as not found: "0 of 1 run ended (1 not found)".
        child.notFound = true;
        this.#port.warnOnce(
            `child-missing:${child.runId}`,
            `Child run ${child.runId} was not found (404): it is not followed. Check the run id, and that the token may read it.`,
        );
        this.#publish();
    }

    /** Hands the children and their sum to the reporter, and tells the waiters when all have ended. */
    #publish(): void {
        const children = [...this.#children.values()];
        const expected = Math.max(this.#expected ?? 0, this.#current(children));
        const sum = sumChildren(children, expected, this.#mainUnit());
        // The children's noun ("pages" for crawlers), unless the author chose one.
        if (!this.#takenUnit && !this.#port.options.unitWasSet && sum.unit) {
            this.#takenUnit = sum.unit;
            this.#port.setUnit(sum.unit);
        }
        const unit = this.#mainUnit();
        // Pages are shown once it is known what the children count: "0 of at least 1 item" helps nobody.
        const { done, failed, unreported, total, totalIsEstimate } = unit
            ? this.#shown.next({ ...sum, unit: unit[1] })
            : { done: 0, failed: 0, unreported: 0, total: undefined, totalIsEstimate: false };
        const runs = children.map((child) => childProgress(child, unit));
        this.#port.setChildRuns(
            {
                expected,
                runs,
                ...(sum.otherUnits.length > 0 ? { otherUnits: sum.otherUnits } : {}),
                ...(unreported > 0 ? { unreported } : {}),
            },
            { done, failed, total, totalIsEstimate, failures: unit ? sum.failures : [] },
        );
        if (this.#allSettled() && this.#waiters.length > 0) {
            const waiters = this.#waiters;
            this.#waiters = [];
            for (const resolve of waiters) resolve(this.runs);
        }
    }
}
