import { isCount } from '../counting/count.js';
import type { RunOutcome } from '../counting/outcome.js';
import type { CrawlDiscovery } from '../counting/projected-end.js';
import type { CountField } from '../counting/run-counts.js';
import type { ProgressState } from '../counting/saved-state.js';
import type { FailureCount, ProgressSnapshot, RunStatus } from '../counting/snapshot.js';
import type { Tally } from '../counting/tally.js';
import type { Unit } from '../counting/units.js';
import { attachCrawler } from '../crawlee/attach.js';
import type { CrawlerLike } from '../crawlee/crawler-shape.js';
import type { Publisher, TerminalOutcome } from '../delivery/publisher.js';
import type { ExitHandlers } from '../lifecycle/install.js';
import { loadProgressState } from '../lifecycle/persistence.js';
import type { RequestHandler } from '../live-view/handler.js';
import { countProblem } from '../options/arguments.js';
import type { ProgressReporterOptions, ResolvedOptions } from '../options/options.js';
import { resolveOptions } from '../options/resolve.js';
import type { RecordWriter } from '../record/record-writer.js';
import type { FollowRunsOptions, RunToFollow } from '../scale-out/follow-options.js';
import type { RunFollower } from '../scale-out/run-follower.js';
import type { ProgressDocument } from '../wording/document.js';
import type { CountSources } from './count-sources.js';
import type { CountingCalls } from './counting-calls.js';
import { finishOutcome } from './ending.js';
import { LiveViewWiring } from './live-view-wiring.js';
import { formatSnapshotFor } from './message-text.js';
import { redactedProgressDocument } from './redacted-document.js';
import { RestoreHold } from './restore-hold.js';
import type { RunState } from './run-state.js';
import { installExitHandlersFor, type ReporterParts, wireParts } from './wiring.js';

/**
 * Counts what is done, failed and left, and keeps the run's status message up to date:
 * throttled, de-duplicated, in order, and ending in a terminal message.
 */
export class ProgressReporter {
    readonly #options: ResolvedOptions;
    /** The parts the reporter is wired from (see wiring.ts). */
    readonly #parts: ReporterParts;
    // Parts that every count reads (`advance()`, a crawler's `touch()`): held here, as read through
    // `#parts` a count measured about 1.5 ns slower.
    readonly #tally: Tally;
    readonly #counting: CountingCalls;
    readonly #counts: CountSources;
    readonly #run: RunState;
    readonly #publisher: Publisher;
    readonly #record: RecordWriter | undefined;
    /** Started once the reporter has its parts: the live view takes a first sample at once. */
    readonly #liveView: LiveViewWiring;
    #exitHandlers: ExitHandlers | undefined;
    #restoring: Promise<boolean> | undefined;
    /** Progress messages wait for the restored counts (see restore-hold.ts). */
    readonly #restoreHold = new RestoreHold(() => this.#changed());

    constructor(options: ProgressReporterOptions = {}) {
        this.#options = resolveOptions(options);
        this.#parts = wireParts(this.#options, {
            reporter: this,
            changed: () => this.#changed(),
            exitHandlers: () => this.#exitHandlers,
        });
        ({
            tally: this.#tally,
            counting: this.#counting,
            counts: this.#counts,
            run: this.#run,
            publisher: this.#publisher,
            record: this.#record,
        } = this.#parts);
        // Once the reporter has its parts: installed after `Actor.init()`, the exit handlers read a
        // previous start's counts back at once.
        if (this.#options.handleExit) this.#exitHandlers = installExitHandlersFor(this.#options, this.#parts, this);
        const { messages, log } = this.#parts;
        this.#liveView = new LiveViewWiring({ options: this.#options, snapshot: () => this.snapshot(), messages, log });
    }

    /**
     * The live progress page as a plain Node `(req, res)` handler, for an Actor that runs its own web
     * server (Express, Hono's Node adapter, a Standby Actor): it answers `/`, `/progress.json`,
     * `/events` and `/assets/*`. With the `liveView` option off, the first call starts the page's
     * sampling, without opening a port. See docs/live-view.md.
     */
    liveViewHandler(): RequestHandler {
        return this.#liveView.handler();
    }

    /** The live view's URL, once it listens; undefined when the `liveView` option is off or its port was taken. */
    liveViewUrl(): Promise<string | undefined> {
        return this.#liveView.url();
    }

    /**
     * Closes the live view now: stops its sampling, ends the viewers' streams, frees the port.
     * Not needed at the end of a run (the page stays up with the final state until the process
     * ends, and never keeps it alive); for a process that goes on after its reporter. Idempotent.
     */
    closeLiveView(): Promise<void> {
        return this.#liveView.close();
    }

    /** The options in force, defaults applied. */
    get options(): Readonly<ResolvedOptions> {
        return this.#options;
    }

    /** Where messages go ("Apify API", "log", or a custom transport's name). */
    get transportName(): string {
        return this.#parts.transport.name;
    }

    /** Where the run stands: `running`, `migrating`, or how it ended. */
    get status(): RunStatus {
        return this.#run.status;
    }

    /** True once a terminal message was asked for: counts no longer change the message. */
    get ended(): boolean {
        return this.#run.ended;
    }

    /** The text of the last message that landed. */
    get lastMessage(): string | undefined {
        return this.#parts.messages.lastText;
    }

    /** Calls made to the transport so far, retries included. */
    get callCount(): number {
        return this.#publisher.callCount;
    }

    /** Calls made to write the progress record so far, retries included (0 with `progressRecord: false`). */
    get recordCallCount(): number {
        return this.#record?.callCount ?? 0;
    }

    /** How long the slowest of the latest calls took, in ms (the time limit's message is timed by it). */
    get slowestRecentCallMs(): number | undefined {
        return this.#publisher.slowestRecentCallMs;
    }

    /** Sets what is counted, e.g. `'products'` or `['entry', 'entries']`. */
    setUnit(unit: Unit): void {
        this.#counting.setUnit(unit);
    }

    /**
     * Sets how many units there are in all. `estimate: true` says the total is what has been found so
     * far and may grow: the message then reads "N of at least M" and shows no percent or time left.
     * `undefined` makes the total unknown again.
     */
    setTotal(total: number | undefined, options?: { estimate?: boolean }): void {
        this.#counting.setTotal(total, options);
    }

    /** Counts `n` units done (default 1): a whole number. */
    advance(n = 1): void {
        this.#count('advance', 'done', n);
    }

    /**
     * Counts `n` units failed for good (default 1, a whole number), for `reason` when given: a string
     * is taken as your own words ("out of stock"; one line, at most 60 characters), an Error gives
     * only its type, code or status ("TypeError in the handler", "HTTP 503"), never its message. The
     * terminal message names the most common reasons: "3 failed (2 × HTTP 500, 1 × timeout)".
     */
    fail(n = 1, reason?: string | Error): void {
        this.#counting.fail(n, reason);
    }

    /**
     * Counts `n` items saved (default 1), for code without a crawler: "· 5,310 items" in the messages.
     * With a crawler attached, what it saves to its default dataset is counted without this.
     */
    addItems(n = 1): void {
        this.#counting.addItems(n);
    }

    /** Counts `n` retries (default 1). Retries are not progress: they show in snapshots, not in messages. */
    retry(n = 1): void {
        this.#count('retry', 'retried', n);
    }

    #count(method: string, field: CountField, n: unknown): void {
        // The hot path: one type check when the count is fine. Kept here rather than in CountingCalls:
        // delegated, an isolated advance() loop measured 2.6 ns a call instead of 1.7.
        if (!isCount(n) && !this.#counting.accept(method, [n], countProblem('n', n))) return;
        this.#tally.add(field, n as number);
        if (field !== 'retried') this.#changed();
    }

    /**
     * Sets the counts to absolute values, for sources that keep their own (a crawler's statistics,
     * counts restored after a migration). Fields left out keep their value. `failures` are the reasons
     * of the source's failed count, replacing those an earlier call gave.
     */
    setCounts(counts: { done?: number; failed?: number; retried?: number; failures?: readonly FailureCount[] }): void {
        this.#counting.setCounts(counts);
    }

    /**
     * What a crawl's links said so far (`{ links, cap }`), for a source that follows them (how `attach`
     * feeds the projection of a growing total; see docs/projection.md). Read when the next snapshot is made.
     */
    setDiscovery(discovery: CrawlDiscovery | undefined): void {
        this.#tally.setDiscovery(discovery);
    }

    #changed(): void {
        // Counts a source sets while it is being read are part of the message being made. After the
        // time limit's message nothing is sent but the run's real ending.
        if (!this.#run.closed && !this.#counts.refreshing && !this.#restoreHold.defer()) {
            this.#publisher.request();
            this.#record?.request();
        }
    }

    /**
     * Registers `refresh`, which brings the counts up to date (with `setCounts` / `setTotal`) from a
     * source that keeps its own, such as a crawler's statistics. It runs right before every snapshot
     * and message, not on every change: the source only calls `touch()` when something changed, so
     * its hot path stays a flag. A `refresh` that throws (or, async, rejects) costs one warning, never a
     * message or the run: its counts stay as they were. Returns the function that removes it.
     */
    addCountSource(refresh: () => void): () => void {
        return this.#counts.add(refresh);
    }

    /** Says that a count source has something new; it is read when the next message is made. */
    touch(): void {
        this.#changed();
    }

    /**
     * Starts a new step with its own counts: messages read "Step 2 of 3 · Enriching: 40 of 100
     * products done (40%)" and the terminal message sums every step up. The step number comes from
     * the `phases` option when `name` is listed there. Counts made before the first step belong to
     * the first step. Calling it again with the running step's name only updates `total` / `unit`
     * (a run resuming after a migration can simply call it again).
     */
    phase(name: string, options?: { total?: number; unit?: Unit }): void {
        this.#counting.phase(name, options);
    }

    /**
     * The counts to save for a restart (see the `persistStateKey` option). Count sources are read
     * first: a crawler's counts are otherwise only as fresh as the last message.
     */
    exportState(): ProgressState {
        this.#counts.refresh();
        return this.#tally.exportState();
    }

    /**
     * Goes on from counts a previous start saved. Added to what this start has counted already, since
     * that is new work; the steps are taken over only when this start has not begun one of its own.
     * Returns whether anything was taken over.
     */
    importState(state: ProgressState): boolean {
        return this.#counting.importState(state);
    }

    /**
     * Reads the counts a previous start saved under `persistStateKey` and goes on from them. Needs
     * `Actor.init()` first; done by itself when the reporter is created after `Actor.init()`, and by
     * `withProgress`. Only the first call reads; later ones share its result.
     */
    restoreState(): Promise<boolean> {
        const key = this.#options.persistStateKey;
        if (key === false) return Promise.resolve(false);
        if (!this.#restoring) {
            // No message until the counts are in: "0 pages done" would be the first thing the run said.
            this.#restoreHold.start(this.#options.requestTimeoutMs);
            const release = () => this.#restoreHold.release();
            this.#restoring = loadProgressState(key, this.#parts.log)
                .then((state) => (state ? this.importState(state) : false))
                .finally(release);
        }
        return this.#restoring;
    }

    /**
     * Says at once, without waiting for the interval, that the run is moving to another server and
     * where it will resume. Not terminal: the run goes on after the move.
     */
    markMigrating(): Promise<void> {
        return this.#run.markMigrating();
    }

    /** Removes the exit handlers (see the `handleExit` option). Idempotent. */
    detachExitHandlers(): void {
        const handlers = this.#exitHandlers;
        this.#exitHandlers = undefined;
        handlers?.detach();
    }

    /** Where the run stands now. Plain data. Once the run has ended, what it ended with. */
    snapshot(): ProgressSnapshot {
        return this.#run.snapshot();
    }

    /**
     * The progress as data: the snapshot with the last status message that landed, as the progress
     * record holds it (`docs/progress-record.md`, schema in `schema/progress.schema.json`).
     */
    progressDocument(): ProgressDocument {
        const last = this.#parts.messages.lastMessage();
        return redactedProgressDocument(this.snapshot(), last, (text) => this.#parts.log.redact(text));
    }

    /** Formats with the user's `format` when given, falling back to the built-in wording if it throws. */
    formatSnapshot(snapshot: ProgressSnapshot): string {
        return formatSnapshotFor(snapshot, this.#options, this.#parts.log);
    }

    /**
     * Reports a Crawlee crawler's progress (any `BasicCrawler`: Cheerio, Http, JSDOM, Playwright,
     * Puppeteer, ...) with no change to its handlers: counts from its statistics, the total from its
     * request queue, and the crawler's own status messages replaced by this reporter's. Several
     * crawlers attached to one reporter add up. Returns `detach()`, idempotent and safe in `finally`.
     * See the README, "With a Crawlee crawler".
     */
    attach(crawler: CrawlerLike): () => void {
        return this.#parts.scaleOut.withSharedQueue(
            crawler,
            attachCrawler(this, crawler, this.#parts.log, this.#tally.earlierRuns),
        );
    }

    /**
     * Follows child runs (by run id, or the runs apify-client's `start()` returned), for a parent run
     * that started them: its messages then sum them up, "3 of 8 runs finished · 12,040 of at least 30,000
     * pages · 1 run failed", and its terminal message says how each ended. Each unfinished child costs
     * at most one GET per interval (its progress record, or the run), a finished one none. Calling it
     * again adds runs to the same follower, whose `onUpdate` plugs into apify-orchestrator and whose
     * `whenAllEnded()` resolves once they all ended. See docs/scale-out.md.
     */
    followRuns(runs: Iterable<RunToFollow> = [], options: FollowRunsOptions = {}): RunFollower {
        return this.#parts.scaleOut.followRuns(runs, options);
    }

    /** Resolves when the latest progress message has landed or failed for good. */
    flush(): Promise<void> {
        // A message held back while a previous start's counts are read goes out when they are in.
        return this.#restoreHold.released.then(() => this.#publisher.flush());
    }

    /**
     * Ends the run's reporting with a terminal message: `message` as given, else "Finished: N of M ...".
     * Resolves once it has landed or its deadline has passed; never throws, never rejects.
     */
    finish(message?: string): Promise<TerminalOutcome> {
        return this.end(finishOutcome(message, this.#parts.log));
    }

    /** Ends the run's reporting with an "Aborted" terminal message giving `reason` (any value). */
    abort(reason?: unknown): Promise<TerminalOutcome> {
        return this.end({ status: 'aborted', reason });
    }

    /**
     * Ends the run's reporting with the terminal message for `outcome`. Only the first call counts;
     * later ones resolve with the first one's outcome. Never throws, never rejects: an outcome that is
     * not `{ status, reason?, message? }` costs one warning and ends as `finish()` would.
     */
    end(outcome: RunOutcome): Promise<TerminalOutcome> {
        return this.#run.end(outcome);
    }
}
