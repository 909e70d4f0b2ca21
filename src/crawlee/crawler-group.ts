import { addEarlierRuns, type EarlierRuns, handledInEarlierRuns, NO_EARLIER_RUNS } from '../counting/earlier-runs.js';
import { FailureCounts } from '../counting/failure-counts.js';
import { LinkSample } from '../counting/link-sample.js';
import { afterEarlierRuns, type CrawlProgress, crawlProgress, sumProgress } from './crawl-progress.js';
import {
    type CrawlerLike,
    type CrawlerStatisticsState,
    isRunning,
    pendingRequests,
    requestCap,
    requestSource,
} from './crawler-shape.js';
import { watchFailures } from './failed-request-reasons.js';
import { watchLinks } from './link-discovery.js';
import { watchDrain } from './queue-drain.js';
import type { ReporterPort, SavedEarlierRuns } from './reporter-port.js';
import { SavedItems } from './saved-items.js';

/** The noun a crawl counts when the author did not choose one. */
const CRAWLER_UNIT = 'pages';

interface Member {
    readonly crawler: CrawlerLike;
    attached: boolean;
    /** Its run() has ended (or it ran before it was attached): its total is firm. */
    finished: boolean;
    /** Its run() threw: the requests left in its queue still count in the total. */
    cutShort: boolean;
    /**
     * Whether its current run() drained its queue: false from the start of a run watched by
     * `watchDrain` until it does; a run that ends without is interrupted, its total kept as it was.
     * True when it cannot be watched.
     */
    drained: boolean;
    /** Stops watching the current run's pool. */
    unwatchDrain: (() => void) | undefined;
    /** The last progress read: what a detached crawler keeps contributing. */
    last: CrawlProgress;
    /** Why its requests failed: kept across detach and attach, like its counts. */
    readonly failures: FailureCounts;
    /** Stops counting its failures' reasons; set while attached. */
    unwatchFailures: (() => void) | undefined;
    /** Its run() has announced its start ("Starting the crawler.") and not ended since. */
    announced: boolean;
    /** Crawlee's statistics object last read: another one means a new run() has reset them. */
    statistics: CrawlerStatisticsState | undefined;
    /**
     * The run those statistics count was seen going on in this group: only such a run is carried over
     * into the next one. A run that ended before the crawler was attached here is shown as it ended,
     * and left behind when the crawler runs again (it may have been another reporter's).
     */
    seenRunning: boolean;
    /** What its earlier run()s handled, before their statistics were reset. */
    earlier: EarlierRuns;
    /**
     * Requests of the current run that Crawlee counts failed only because the crawl was being stopped
     * (see stop-failures.ts): not failures of the crawl, but work left undone.
     */
    cutOff: number;
    /** Stops following the links it adds to its queue; set while attached, with the projection on. */
    unwatchLinks: (() => void) | undefined;
}

const NOTHING_YET: CrawlProgress = { done: 0, failed: 0, failures: [], retried: 0, total: 0, firm: false };

/**
 * The crawlers attached to one reporter. A run has one status message, so crawlers reporting to
 * the same reporter add up: "N of M pages" counts the pages of all of them, whether they run one
 * after another or side by side. A detached crawler keeps its last counts, so crawling in stages
 * (attach, run, detach, next crawler) adds up too.
 *
 * `update()` reads every crawler's statistics and queue and hands the sums to the reporter. It runs
 * when the reporter makes a message (the group is one of its count sources), not per request: a
 * finished request only `touch()`es the reporter.
 */
export class CrawlerGroup {
    readonly #reporter: ReporterPort;
    /** The earlier runs in the reporter's saved state: those a previous start saved, and this start's. */
    readonly #savedRuns: SavedEarlierRuns;
    readonly #members = new Map<CrawlerLike, Member>();
    readonly #items: SavedItems;
    /** The links all crawlers of the group add to their queues: one crawl, one projection. */
    readonly #links = new LinkSample();
    #unitChosen = false;
    /**
     * A crawler has started in this process (or had run before it was attached). Until then the
     * crawlers' statistics say nothing: after a migration Crawlee restores them only when run()
     * starts, so reading them during the set-up would show "0 pages done" over the counts the
     * reporter restored.
     */
    #counting = false;

    constructor(reporter: ReporterPort, savedRuns: SavedEarlierRuns) {
        this.#reporter = reporter;
        this.#savedRuns = savedRuns;
        this.#items = new SavedItems((count) => reporter.addItems(count));
    }

    /** Starts following `crawler`: again with the same counts if it was attached before. */
    join(crawler: CrawlerLike): void {
        const ranBefore = (crawler as { hasFinishedBefore?: unknown }).hasFinishedBefore === true;
        const running = isRunning(crawler);
        let member = this.#members.get(crawler);
        if (member) {
            member.attached = true;
            member.finished = !running && member.finished;
        } else {
            member = {
                crawler,
                attached: true,
                finished: !running && ranBefore,
                cutShort: false,
                drained: true,
                unwatchDrain: undefined,
                last: NOTHING_YET,
                failures: new FailureCounts(),
                unwatchFailures: undefined,
                announced: running,
                statistics: undefined,
                seenRunning: false,
                earlier: NO_EARLIER_RUNS,
                cutOff: 0,
                unwatchLinks: undefined,
            };
            this.#members.set(crawler, member);
        }
        member.seenRunning ||= running;
        const joined = member;
        member.unwatchFailures ??= watchFailures(crawler, member.failures, (n) => {
            this.#currentStatistics(joined); // a run reset since the last read is carried over first
            joined.cutOff += n;
        });
        if (this.#reporter.options.projection) {
            member.unwatchLinks ??= watchLinks(crawler, (uniqueKey, known) => this.#links.add(uniqueKey, known));
        }
        // Attached while its run() goes on: its start was not seen, its pool is already there.
        if (running && !member.unwatchDrain) this.#watchDrain(member);
        this.#items.follow(crawler);
        if (running) this.#items.open(crawler);
        if (running || ranBefore) this.#counting = true;
        // Nothing to say about a crawler that has not started: its first message comes when it does.
        if (running || ranBefore) this.update();
    }

    /** Stops following `crawler`; its counts so far stay in the sum, as final. */
    leave(crawler: CrawlerLike): void {
        const member = this.#members.get(crawler);
        if (!member?.attached) return;
        member.last = this.#read(member, true, undefined);
        member.attached = false;
        member.unwatchFailures?.();
        member.unwatchFailures = undefined;
        member.unwatchLinks?.();
        member.unwatchLinks = undefined;
        member.unwatchDrain?.();
        member.unwatchDrain = undefined;
        this.#items.unfollow(crawler);
        this.update();
    }

    /** The crawler's run() has begun (it announced itself): its total may grow again. */
    started(crawler: CrawlerLike): void {
        const member = this.#members.get(crawler);
        if (!member?.attached) return;
        member.finished = false;
        member.cutShort = false;
        this.#currentStatistics(member); // a reset since the last read is carried over before this run counts
        member.seenRunning = true;
        // This run's pool exists now (each run() makes its own): watch whether it drains the queue.
        if (!member.announced) this.#watchDrain(member);
        // Its storage is open now: the dataset can be watched for pushes that bypass the crawler.
        this.#items.open(crawler);
        this.#counting = true; // Crawlee announces the start once its statistics are restored
        this.update();
        // The start of a run is news ("0 of 500 pages done"), even when no count moved; Crawlee's
        // periodic "Crawled ..." messages that come through here too are not, unless counts moved.
        if (!member.announced) {
            member.announced = true;
            this.#reporter.touch();
        }
    }

    /** The crawler's run() has ended: its counts are final and its total is what it handled. */
    ended(crawler: CrawlerLike): void {
        const member = this.#members.get(crawler);
        if (!member?.attached) return;
        member.finished = true;
        member.announced = false;
        member.unwatchDrain?.();
        member.unwatchDrain = undefined;
        this.update();
    }

    /** The crawler's run() threw: its counts are final, its total what it handled plus what is left queued. */
    threw(crawler: CrawlerLike): void {
        const member = this.#members.get(crawler);
        if (!member?.attached) return;
        member.finished = true;
        member.cutShort = true;
        this.update();
    }

    /**
     * Reads every attached crawler and passes the sum to the reporter. Runs when a message is made
     * and when a crawler joins, leaves, starts or ends; never per request.
     */
    update(): void {
        const reporter = this.#reporter;
        if (!this.#unitChosen) {
            this.#unitChosen = true;
            if (!reporter.options.unitWasSet) reporter.setUnit(CRAWLER_UNIT);
        }
        if (!this.#counting) return;
        // Two crawlers on one request queue would count its pending requests twice.
        const sources = this.#members.size > 1 ? new Set<object>() : undefined;
        let thisStart = NO_EARLIER_RUNS;
        const parts = Array.from(this.#members.values(), (member) => {
            if (member.attached) member.last = this.#read(member, member.finished, sources);
            thisStart = addEarlierRuns(thisStart, member.earlier);
            return member.last;
        });
        this.#savedRuns.setThisStart(thisStart);
        // After a migration the runs before the one Crawlee restores count once, for the whole group.
        const { done, failed, failures, retried, total, firm } = afterEarlierRuns(
            sumProgress(parts),
            this.#savedRuns.restored,
        );
        reporter.setCounts({ done, failed, retried, failures });
        // The author's `total` option always wins over what the crawler finds.
        if (reporter.options.total === undefined) {
            reporter.setTotal(firm || total > 0 ? total : undefined, { estimate: !firm });
            if (reporter.options.projection) reporter.setDiscovery({ links: this.#links.read(), cap: this.#cap() });
        }
    }

    /**
     * The crawl's hard cap: the crawlers' `maxRequestsPerCrawl` added up (a detached or finished crawler
     * adds its final total), when every running one has one.
     */
    #cap(): number | undefined {
        let cap = handledInEarlierRuns(this.#savedRuns.restored);
        for (const member of this.#members.values()) {
            if (!member.attached || member.finished) {
                cap += member.last.total;
                continue;
            }
            const own = requestCap(member.crawler);
            if (own === undefined) return undefined;
            // The cap holds for the current run; the earlier ones are in the total besides.
            cap += own + handledInEarlierRuns(member.earlier);
        }
        return cap > 0 ? cap : undefined;
    }

    #watchDrain(member: Member): void {
        member.unwatchDrain?.();
        member.unwatchDrain = watchDrain(member.crawler, () => {
            member.drained = true;
        });
        member.drained = member.unwatchDrain === undefined;
    }

    /**
     * The statistics of the crawler's current run. Calling `run()` again resets them: Crawlee's
     * `stats.reset()` puts a new state object in place, and the old one keeps the earlier run's final
     * counts, which are carried over then.
     */
    #currentStatistics(member: Member): CrawlerStatisticsState {
        const state = member.crawler.stats.state;
        const seen = member.statistics;
        member.statistics = state;
        if (seen === undefined || seen === state) return state;
        if (member.seenRunning) {
            member.earlier = addEarlierRuns(member.earlier, {
                done: seen.requestsFinished,
                failed: Math.max(0, seen.requestsFailed - member.cutOff),
                retried: seen.requestsRetries,
            });
        }
        member.seenRunning = false; // until the new run is seen going on
        member.cutOff = 0;
        return state;
    }

    #read(member: Member, finished: boolean, sources: Set<object> | undefined): CrawlProgress {
        const { crawler, failures, cutShort, drained } = member;
        const { requestsFinished, requestsFailed, requestsRetries } = this.#currentStatistics(member);
        const { cutOff } = member;
        // A run that ended without draining its queue (an interrupt, `crawler.stop()`) left work behind,
        // and so did one whose requests were cut off by a stop.
        const interrupted = finished && !cutShort && (!drained || cutOff > 0);
        let pending = cutOff;
        if (!finished || cutShort || interrupted) {
            const source = sources && requestSource(crawler);
            if (!source || !sources?.has(source)) {
                pending += pendingRequests(crawler);
                if (source) sources?.add(source);
            }
        }
        const thisRun = crawlProgress({
            done: requestsFinished,
            failed: Math.max(0, requestsFailed - cutOff),
            failures: failures.list(),
            retried: requestsRetries,
            pending,
            cap: requestCap(crawler),
            finished,
            cutShort,
            interrupted,
        });
        return afterEarlierRuns(thisRun, member.earlier);
    }
}
