import { type ChargedAmount, sameCharged } from './charges.js';
import type { ChildRunsProgress } from './child-run-figures.js';
import type { Clock } from './clock.js';
import { isCount } from './count.js';
import { FailureCounts, mergeFailures, reconcileFailures } from './failure-counts.js';
import { cleanName } from './names.js';
import { PhaseTracker } from './phases.js';
import { type CrawlDiscovery, ProjectedEnd } from './projected-end.js';
import { estimateTimeLeft, MIN_COUNT_FOR_ETA, RateMeter } from './rate.js';
import type { ProgressState } from './saved-state.js';
import {
    type CrawlReading,
    mergeCrawlReading,
    type SharedQueueProgress,
    sameSharedQueue,
} from './shared-queue-figures.js';
import type { FailureCount, ProgressSnapshot, RunStatus } from './snapshot.js';
import { STALL_AFTER_MS } from './stall.js';

export type CountField = 'done' | 'failed' | 'retried';

/** How the tally tells its owner about totals that make no sense; the owner logs them once. */
interface TallyWarnings {
    overTotal(handled: number, total: number): void;
    /** The `total` function returned something that is not a count, or threw `threw`. */
    badTotalFunction(problem: { returned: unknown } | { threw: unknown }): void;
}

/**
 * The counts of a run and everything derived from them: total, rate, time left, steps. No I/O and
 * no validation of its inputs (the reporter checks what users pass in): a pure model of where the
 * run stands, turned into a `ProgressSnapshot` on demand.
 */
export class Tally {
    readonly #clock: Clock;
    readonly #warnings: TallyWarnings;
    readonly #defaultUnit: readonly [string, string];
    readonly #rate: RateMeter;
    readonly #phases: PhaseTracker;
    readonly #counts: Record<CountField, number> = { done: 0, failed: 0, retried: 0 };
    /** Items saved: only ever added to, for the whole run (steps do not reset it). */
    #items = 0;
    /** Reasons counted one by one (`fail(n, reason)`, and what a previous start saved). */
    readonly #addedFailures = new FailureCounts();
    /** Reasons a count source keeps itself (a crawler), set as a whole like its counts. */
    #sourceFailures: readonly FailureCount[] = [];
    #unit: readonly [string, string];
    /** This start has set the unit: a restored one does not replace it. */
    #unitSet = false;
    /** When this start began: the running time of this start is counted from here. */
    readonly #thisStartAt: number;
    /** When the run first started, an earlier start's time when counts were restored. */
    #startedAt: number;
    /** Time the run spent running in earlier starts (restored), so downtime between starts is not counted. */
    #earlierRunningMs = 0;
    #total: number | (() => number | undefined) | undefined;
    #totalIsEstimate = false;
    /**
     * Fields this start has set to absolute values (`setCounts`): their source counts the whole run,
     * the restored part included, so restored counts must not be added to them (nor they to those).
     */
    readonly #absolute = new Set<CountField>();
    /**
     * When done + failed were last seen to change: a run whose counts stand still is stalled. Seen
     * when a message or snapshot is made, not on every count, so counting never reads the clock
     * (the stall is then dated at most one interval late, which only ever understates it).
     */
    #lastProgressAt: number;
    #handledWhenSeen = 0;
    /** The whole crawl, for a worker on a shared request queue. */
    #sharedQueue: SharedQueueProgress | undefined;
    /**
     * The figures a previous start had shown, saved at its last `persistState`: the least the next
     * reading may show. Not shown by themselves: the previous start may have shown more after the save,
     * so only a reading in this start says where the crawl stands.
     */
    #sharedQueueFloor: { handled: number; total: number } | undefined;
    /** The child runs a parent follows. */
    #childRuns: ChildRunsProgress | undefined;
    /** What a pay-per-event run has charged; null for any other run. */
    #charged: ChargedAmount | null = null;
    /** Where the run will end: the projection of a growing total, the time left. */
    readonly #projectedEnd: ProjectedEnd;

    constructor(settings: {
        clock: Clock;
        unit: readonly [string, string];
        total: number | (() => number | undefined) | undefined;
        phases: readonly string[] | undefined;
        warnings: TallyWarnings;
        /** Whether a growing total may be projected (the `projection` option). */
        projection?: boolean;
    }) {
        this.#clock = settings.clock;
        this.#warnings = settings.warnings;
        this.#defaultUnit = settings.unit;
        this.#unit = settings.unit;
        this.#total = settings.total;
        this.#thisStartAt = settings.clock.now();
        this.#startedAt = this.#thisStartAt;
        this.#lastProgressAt = this.#thisStartAt;
        this.#rate = new RateMeter(this.#startedAt);
        this.#phases = new PhaseTracker(settings.phases);
        this.#projectedEnd = new ProjectedEnd(settings.projection ?? true);
    }

    get #handled(): number {
        return this.#counts.done + this.#counts.failed;
    }

    add(field: CountField, n: number): void {
        this.#counts[field] += n;
    }

    addItems(n: number): void {
        this.#items += n;
    }

    /** Counts `n` failures for `reason`; the failed count itself is added with `add('failed', n)`. */
    addFailureReason(reason: string, n: number): void {
        this.#addedFailures.add(reason, n);
    }

    /** Failures of the whole run: the running step's and those of the steps before it. */
    get #failedInRun(): number {
        return this.#phases.completed.reduce((sum, phase) => sum + phase.failed, this.#counts.failed);
    }

    /** Why units failed, most common first, adding up to the failed count of the whole run. */
    #failures(): FailureCount[] {
        const merged = mergeFailures([this.#addedFailures.list(), this.#sourceFailures]);
        return reconcileFailures(merged, this.#failedInRun);
    }

    /** Dates the last change of done + failed, if they moved since they were last seen. */
    #seeProgress(now: number): void {
        const handled = this.#handled;
        if (handled === this.#handledWhenSeen) return;
        this.#handledWhenSeen = handled;
        this.#lastProgressAt = now;
    }

    /** How long done + failed have stood still. */
    sinceProgressMs(): number {
        const now = this.#clock.now();
        this.#seeProgress(now);
        return Math.max(0, now - this.#lastProgressAt);
    }

    /**
     * Sets counts to absolute values, from a source that counts the whole run (a crawler's restored
     * statistics, an Actor's own checkpoint): restored counts are never added to these fields.
     * Returns whether a count changed: a source that reports the same counts again has nothing new.
     */
    setCounts(counts: Partial<Record<CountField, number>> & { failures?: readonly FailureCount[] }): boolean {
        let changed = false;
        for (const field of ['done', 'failed', 'retried'] as const) {
            const value = counts[field];
            if (value === undefined) continue;
            this.#absolute.add(field);
            if (value === this.#counts[field]) continue;
            changed = true;
            this.#counts[field] = value;
        }
        if (counts.failures && !sameFailures(counts.failures, this.#sourceFailures)) {
            this.#sourceFailures = counts.failures;
            changed = true;
        }
        return changed;
    }

    /** A new step, or counts restored: the run has just moved. */
    #restartStallClock(): void {
        this.#handledWhenSeen = this.#handled;
        this.#lastProgressAt = this.#clock.now();
    }

    /** Running time of the run: this start's, plus that of earlier starts when counts were restored. */
    #runningMs(now: number): number {
        return this.#earlierRunningMs + Math.max(0, now - this.#thisStartAt);
    }

    /** Returns whether the unit changed. */
    setUnit(unit: readonly [string, string]): boolean {
        const changed = !sameUnit(unit, this.#unit);
        this.#unit = unit;
        this.#unitSet = true;
        return changed;
    }

    /** Returns whether the total changed. */
    setTotal(total: number | undefined, estimate: boolean): boolean {
        const changed = total !== this.#total || estimate !== this.#totalIsEstimate;
        this.#total = total;
        this.#totalIsEstimate = estimate;
        return changed;
    }

    /**
     * Takes what is known of a shared queue: its id and number of runs, and a new reading of it, merged
     * so that the figures never go backwards. Returns whether the figures changed.
     */
    updateSharedQueue(update: { queueId?: string; runs?: number; reading?: CrawlReading }): boolean {
        const before = this.#sharedQueue;
        const counts = update.reading
            ? mergeCrawlReading(before?.handled === undefined ? this.#sharedQueueFloor : before, update.reading)
            : { handled: before?.handled, total: before?.total, totalIsEstimate: before?.totalIsEstimate ?? true };
        this.#sharedQueue = {
            queueId: update.queueId ?? before?.queueId,
            runs: update.runs ?? before?.runs,
            ...counts,
        };
        // The crawl moving is progress too: a worker waiting while others work is not stalled.
        if ((counts.handled ?? 0) > (before?.handled ?? 0)) this.#lastProgressAt = this.#clock.now();
        return !sameSharedQueue(before, this.#sharedQueue);
    }

    /** What a crawl's links said so far, for the projection of its total (see `ProjectedEnd`). */
    setDiscovery(discovery: CrawlDiscovery | undefined): void {
        this.#projectedEnd.setDiscovery(discovery);
    }

    /** Replaces what is known of the child runs a parent follows. */
    setChildRuns(childRuns: ChildRunsProgress): void {
        this.#childRuns = childRuns;
    }

    /** Replaces what the run has charged (pay-per-event). Returns whether it changed. */
    setCharged(charged: ChargedAmount | null): boolean {
        if (sameCharged(charged, this.#charged)) return false;
        this.#charged = charged;
        return true;
    }

    /** The total now: a `total` function is asked, and what it answers is checked. */
    resolveTotal(): number | undefined {
        const total = this.#total;
        if (typeof total !== 'function') return total;
        try {
            const value = total();
            if (value === undefined || isCount(value)) return value;
            this.#warnings.badTotalFunction({ returned: value });
        } catch (error) {
            this.#warnings.badTotalFunction({ threw: error });
        }
        return undefined;
    }

    /** Feeds the rate meter; called when a message is about to be made, not on every count. */
    observeRate(): void {
        const now = this.#clock.now();
        this.#seeProgress(now);
        this.#rate.observe(this.#handled, now);
    }

    /**
     * Starts step `name` with fresh counts (see `ProgressReporter.phase`). Counts made before the
     * first step belong to it; starting the running step again changes nothing.
     */
    startPhase(name: string): void {
        const hadStep = this.#phases.current !== undefined;
        const { done, failed } = this.#counts;
        const finished = { done, failed, total: this.resolveTotal(), unit: this.#unit };
        if (this.#phases.start(name, finished) && hadStep) {
            // Retries stay a count for the whole run: a step's messages do not show them.
            this.#counts.done = 0;
            this.#counts.failed = 0;
            this.setTotal(undefined, false);
            this.#unit = this.#defaultUnit;
            this.#rate.reset(this.#clock.now());
            this.#restartStallClock();
            this.#projectedEnd.reset();
        }
    }

    snapshot(status: RunStatus, reason: string | undefined): ProgressSnapshot {
        const now = this.#clock.now();
        const handled = this.#handled;
        // A worker's share of a shared queue has no total of its own: the whole crawl's is in `sharedQueue`.
        let total = this.#sharedQueue ? undefined : this.resolveTotal();
        let totalIsEstimate = total !== undefined && this.#totalIsEstimate;
        if (total !== undefined && handled > total) {
            // More counted than announced: the total was wrong, and a percent above 100 helps nobody.
            this.#warnings.overTotal(handled, total);
            total = handled;
            totalIsEstimate = this.#totalIsEstimate;
        }
        this.#seeProgress(now);
        const stalledMs = status === 'running' ? Math.max(0, now - this.#lastProgressAt) : 0;
        const stalled = stalledMs >= STALL_AFTER_MS;
        // While stalled, a rate and a forecast say nothing true: the message says how long instead.
        const ratePerMinute = stalled ? undefined : this.#rate.perMinute(handled, now);
        // Nothing left, nothing to forecast: after the last unit "about 5 s left" would be false.
        const canForecast = total !== undefined && !totalIsEstimate && handled >= MIN_COUNT_FOR_ETA && handled < total;
        const phase = this.#phases.current;
        const etaMs = canForecast && total !== undefined ? estimateTimeLeft(total - handled, ratePerMinute) : undefined;
        const projected = this.#projectedEnd.fields({
            status,
            handled,
            total,
            totalIsEstimate,
            etaMs,
            ratePerMinute,
        });
        return {
            status,
            unit: this.#unit,
            ...this.#counts,
            items: this.#items,
            failures: this.#failures(),
            total,
            totalIsEstimate,
            startedAt: this.#startedAt,
            now,
            elapsedMs: this.#runningMs(now),
            ratePerMinute,
            etaMs,
            ...projected,
            ...(stalled ? { stalledMs } : {}),
            ...(reason === undefined ? {} : { reason }),
            ...(phase === undefined ? {} : { phase: { ...phase }, completedPhases: [...this.#phases.completed] }),
            ...(this.#sharedQueue === undefined ? {} : { sharedQueue: { ...this.#sharedQueue } }),
            ...(this.#childRuns === undefined ? {} : { childRuns: this.#childRuns }),
            charged: this.#charged,
        };
    }

    /** The counts to save for a restart. */
    exportState(): ProgressState {
        const total = this.resolveTotal();
        return {
            version: 1,
            startedAt: this.#startedAt,
            elapsedMs: this.#runningMs(this.#clock.now()),
            ...this.#counts,
            items: this.#items,
            failures: this.#failures(),
            total,
            totalIsEstimate: total !== undefined && this.#totalIsEstimate,
            phase: this.#phases.current?.name,
            completedPhases: [...this.#phases.completed],
            ...this.#savedSharedQueue(),
            ...(sameUnit(this.#unit, this.#defaultUnit) ? {} : { unit: [this.#unit[0], this.#unit[1]] }),
        };
    }

    /** The whole crawl's figures shown so far: a restarted worker never shows less. */
    #savedSharedQueue(): Pick<ProgressState, 'sharedQueue'> {
        const { handled, total } =
            this.#sharedQueue?.handled === undefined ? (this.#sharedQueueFloor ?? {}) : this.#sharedQueue;
        return handled === undefined || total === undefined ? {} : { sharedQueue: { handled, total } };
    }

    /**
     * Goes on from counts a previous start saved, added to what this start has counted by hand
     * already (that is new work), but not to counts it set to absolute values (`setCounts`: their
     * source already counts the whole run). The steps are taken over only when this start has not
     * begun one of its own. Returns whether anything was taken over.
     */
    importState(state: ProgressState): boolean {
        this.#phases.restore(state.phase, state.completedPhases);
        const savedPhase = state.phase === undefined ? undefined : cleanName(state.phase);
        if (this.#phases.current?.name !== savedPhase) return false;
        for (const field of ['done', 'failed', 'retried'] as const) {
            if (!this.#absolute.has(field)) this.add(field, state[field]);
        }
        // Items are counted by this start alone (pushes are not restored by anyone else): go on from
        // the saved ones. Saved reasons join those counted by hand.
        this.#items += state.items ?? 0;
        this.#addedFailures.addAll(state.failures ?? []);
        if (this.#total === undefined && state.total !== undefined) {
            this.setTotal(state.total, state.totalIsEstimate);
        }
        if (state.sharedQueue) this.#sharedQueueFloor = { ...state.sharedQueue };
        // Before this start sets its own (a crawler attached after some set-up), the restored counts
        // keep their noun: "this run 10 pages", not "10 items".
        if (state.unit && !this.#unitSet) this.#unit = state.unit;
        this.#startedAt = Math.min(this.#startedAt, state.startedAt);
        // "in 5 min" is time spent running: a resurrected run's days of downtime are not in it. A state
        // saved before the running time was kept counts from the first start, as it always did.
        this.#earlierRunningMs = state.elapsedMs ?? Math.max(0, this.#thisStartAt - state.startedAt);
        // The rate starts over: the pause of the migration says nothing about the speed of the work.
        this.#rate.reset(this.#clock.now(), this.#handled);
        this.#restartStallClock();
        this.#projectedEnd.reset();
        return true;
    }
}

const sameUnit = (a: readonly [string, string], b: readonly [string, string]) => a[0] === b[0] && a[1] === b[1];

/** Whether two lists of reasons say the same, in the same order. */
function sameFailures(a: readonly FailureCount[], b: readonly FailureCount[]): boolean {
    return a.length === b.length && a.every((entry, i) => entry.reason === b[i]?.reason && entry.count === b[i]?.count);
}
