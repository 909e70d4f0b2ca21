import { type ChargedAmount, sameCharged } from './charges.js';
import type { ChildRunsProgress } from './child-run-figures.js';
import type { Clock } from './clock.js';
import { EarlierRunsState } from './earlier-runs.js';
import { cleanName } from './names.js';
import { PhaseTracker } from './phases.js';
import { type CrawlDiscovery, ProjectedEnd } from './projected-end.js';
import { estimateTimeLeft, MIN_COUNT_FOR_ETA, RateMeter } from './rate.js';
import { type CountField, RunCounts } from './run-counts.js';
import { type BadTotalFunction, RunTotal } from './run-total.js';
import { RunningTime } from './running-time.js';
import type { ProgressState } from './saved-state.js';
import type { CrawlReading } from './shared-queue-figures.js';
import type { FailureCount, ProgressSnapshot, RunStatus } from './snapshot.js';
import { STALL_AFTER_MS } from './stall.js';
import { StallClock } from './stall-clock.js';
import { WholeCrawl } from './whole-crawl.js';

/** How the tally tells its owner about totals that make no sense; the owner logs them once. */
interface TallyWarnings {
    overTotal(handled: number, total: number): void;
    badTotalFunction: BadTotalFunction;
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
    readonly #counts = new RunCounts();
    #unit: readonly [string, string];
    /** This start has set the unit: a restored one does not replace it. */
    #unitSet = false;
    readonly #runningTime: RunningTime;
    readonly #total: RunTotal;
    readonly #stallClock: StallClock;
    /** The whole crawl, for a worker on a shared request queue. */
    readonly #wholeCrawl = new WholeCrawl();
    /** The child runs a parent follows. */
    #childRuns: ChildRunsProgress | undefined;
    /** What a pay-per-event run has charged; null for any other run. */
    #charged: ChargedAmount | null = null;
    /** Where the run will end: the projection of a growing total, the time left. */
    readonly #projectedEnd: ProjectedEnd;
    /** Attached crawlers' earlier runs, kept in the saved state for the crawler hook (see earlier-runs.ts). */
    readonly earlierRuns = new EarlierRunsState();

    constructor(settings: {
        clock: Clock;
        unit: readonly [string, string];
        total: number | (() => number | undefined) | undefined;
        phases: readonly string[] | undefined;
        warnings: TallyWarnings;
        /** Whether a growing total may be projected (the `projection` option, off by default). */
        projection?: boolean;
    }) {
        this.#clock = settings.clock;
        this.#warnings = settings.warnings;
        this.#defaultUnit = settings.unit;
        this.#unit = settings.unit;
        this.#total = new RunTotal(settings.total, (problem) => this.#warnings.badTotalFunction(problem));
        const now = settings.clock.now();
        this.#runningTime = new RunningTime(now);
        this.#stallClock = new StallClock(now);
        this.#rate = new RateMeter(now);
        this.#phases = new PhaseTracker(settings.phases);
        this.#projectedEnd = new ProjectedEnd(settings.projection ?? false);
    }

    add(field: CountField, n: number): void {
        this.#counts.add(field, n);
    }

    addItems(n: number): void {
        this.#counts.addItems(n);
    }

    /** Counts `n` failures for `reason`; the failed count itself is added with `add('failed', n)`. */
    addFailureReason(reason: string, n: number): void {
        this.#counts.addFailureReason(reason, n);
    }

    /** Why units failed, most common first, adding up to the failed count of the whole run. */
    #failures(): FailureCount[] {
        // The whole run's failures: the running step's and those of the steps before it.
        return this.#counts.failures(
            this.#phases.completed.reduce((sum, phase) => sum + phase.failed, this.#counts.failed),
        );
    }

    /** How long done + failed have stood still. */
    sinceProgressMs(): number {
        const now = this.#clock.now();
        this.#stallClock.see(this.#counts.handled, now);
        return this.#stallClock.stillForMs(now);
    }

    /**
     * Sets counts to absolute values, from a source that counts the whole run (a crawler's restored
     * statistics, an Actor's own checkpoint): restored counts are never added to these fields.
     * Returns whether a count changed: a source that reports the same counts again has nothing new.
     */
    setCounts(counts: Partial<Record<CountField, number>> & { failures?: readonly FailureCount[] }): boolean {
        return this.#counts.setCounts(counts);
    }

    /** A new step, or counts restored: the run has just moved. */
    #restartStallClock(): void {
        this.#stallClock.restart(this.#counts.handled, this.#clock.now());
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
        return this.#total.set(total, estimate);
    }

    /**
     * Takes what is known of a shared queue: its id and number of runs, and a new reading of it, merged
     * so that the figures never go backwards. Returns whether the figures changed.
     */
    updateSharedQueue(update: { queueId?: string; runs?: number; reading?: CrawlReading }): boolean {
        const { changed, moved } = this.#wholeCrawl.update(update);
        // The crawl moving is progress too: a worker waiting while others work is not stalled.
        if (moved) this.#stallClock.moved(this.#clock.now());
        return changed;
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
        return this.#total.resolve();
    }

    /** Feeds the rate meter; called when a message is about to be made, not on every count. */
    observeRate(): void {
        const now = this.#clock.now();
        this.#stallClock.see(this.#counts.handled, now);
        this.#rate.observe(this.#counts.handled, now);
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
            this.#counts.startStep();
            this.setTotal(undefined, false);
            this.#unit = this.#defaultUnit;
            this.#rate.reset(this.#clock.now());
            this.#restartStallClock();
            this.#projectedEnd.reset();
        }
    }

    snapshot(status: RunStatus, reason: string | undefined): ProgressSnapshot {
        const now = this.#clock.now();
        const handled = this.#counts.handled;
        const sharedQueue = this.#wholeCrawl.progress;
        // A worker's share of a shared queue has no total of its own: the whole crawl's is in `sharedQueue`.
        let total = sharedQueue ? undefined : this.resolveTotal();
        let totalIsEstimate = total !== undefined && this.#total.isEstimate;
        if (total !== undefined && handled > total) {
            // More counted than announced: the total was wrong, and a percent above 100 helps nobody.
            this.#warnings.overTotal(handled, total);
            total = handled;
            totalIsEstimate = this.#total.isEstimate;
        }
        this.#stallClock.see(this.#counts.handled, now);
        const stalledMs = status === 'running' ? this.#stallClock.stillForMs(now) : 0;
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
            ...this.#counts.values(),
            items: this.#counts.items,
            failures: this.#failures(),
            total,
            totalIsEstimate,
            startedAt: this.#runningTime.startedAt,
            now,
            elapsedMs: this.#runningTime.ms(now),
            ratePerMinute,
            etaMs,
            ...projected,
            ...(stalled ? { stalledMs } : {}),
            ...(reason === undefined ? {} : { reason }),
            ...(phase === undefined ? {} : { phase: { ...phase }, completedPhases: [...this.#phases.completed] }),
            ...(sharedQueue === undefined ? {} : { sharedQueue: { ...sharedQueue } }),
            ...(this.#childRuns === undefined ? {} : { childRuns: this.#childRuns }),
            charged: this.#charged,
        };
    }

    /** The counts to save for a restart. */
    exportState(): ProgressState {
        const total = this.resolveTotal();
        return {
            version: 1,
            startedAt: this.#runningTime.startedAt,
            elapsedMs: this.#runningTime.ms(this.#clock.now()),
            ...this.#counts.values(),
            items: this.#counts.items,
            failures: this.#failures(),
            total,
            totalIsEstimate: total !== undefined && this.#total.isEstimate,
            phase: this.#phases.current?.name,
            completedPhases: [...this.#phases.completed],
            ...this.#wholeCrawl.saved(),
            ...this.earlierRuns.saved(),
            ...(sameUnit(this.#unit, this.#defaultUnit) ? {} : { unit: [this.#unit[0], this.#unit[1]] }),
        };
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
        this.#counts.restore(state);
        this.earlierRuns.restore(state.earlierRuns);
        if (!this.#total.given && state.total !== undefined) {
            this.setTotal(state.total, state.totalIsEstimate);
        }
        if (state.sharedQueue) this.#wholeCrawl.restore(state.sharedQueue);
        // Before this start sets its own (a crawler attached after some set-up), the restored counts
        // keep their noun: "this run 10 pages", not "10 items".
        if (state.unit && !this.#unitSet) this.#unit = state.unit;
        this.#runningTime.restore(state);
        // The rate starts over: the pause of the migration says nothing about the speed of the work.
        this.#rate.reset(this.#clock.now(), this.#counts.handled);
        this.#restartStallClock();
        this.#projectedEnd.reset();
        return true;
    }
}

const sameUnit = (a: readonly [string, string], b: readonly [string, string]) => a[0] === b[0] && a[1] === b[1];
