import { errorText } from '../counting/error-text.js';
import type { OnceLog } from '../log/once-log.js';
import { replaceMethod } from '../shared/replace-method.js';
import { CrawlerGroup } from './crawler-group.js';
import {
    assertCrawler,
    type CrawlerLike,
    type CrawlerStatusMessageOptions,
    crawlerLog,
    isRunning,
} from './crawler-shape.js';
import type { ReporterPort, SavedEarlierRuns } from './reporter-port.js';
import { pauseCrawlers } from './stop-work.js';

/** One group per reporter: the crawlers whose counts add up in its messages. */
const groups = new WeakMap<ReporterPort, CrawlerGroup>();
interface Attachment {
    reporter: ReporterPort;
    detach: () => void;
    /** Its reporter has ended while it was running: it is let go once its run() is over. */
    released: boolean;
}

/** Which reporter each crawler is attached to, so that a crawler never has two writers. */
const attachments = new WeakMap<CrawlerLike, Attachment>();
/** The crawlers attached to each reporter, to let them go when it ends. */
const attachedTo = new WeakMap<ReporterPort, Set<CrawlerLike>>();

/**
 * Reporting from a crawler is best effort: a surprise in Crawlee's internals must never break a
 * message, a request or the crawl. Returns a runner that swallows what `action` throws, saying so
 * in the reporter's log the first time for each kind of update: that log removes the run's secrets,
 * and an error's text can hold one (a failed request's URL with `?token=`).
 */
function bestEffort(log: OnceLog) {
    return (what: string, action: () => void): void => {
        try {
            action();
        } catch (error) {
            log.warnOnce(
                `crawler-update:${what}`,
                `Could not update the progress from the crawler (${what}): ${errorText(error)}. The crawl carries on.`,
            );
        }
    };
}

function groupOf(reporter: ReporterPort, log: OnceLog, savedRuns: SavedEarlierRuns): CrawlerGroup {
    let group = groups.get(reporter);
    if (!group) {
        const created = new CrawlerGroup(reporter, savedRuns);
        const safely = bestEffort(log);
        // Read when the reporter makes a message.
        reporter.addCountSource(() => safely('statistics', () => created.update()));
        group = created;
        groups.set(reporter, group);
    }
    return group;
}

/**
 * Hooks `crawler` up to `reporter` with no change to the crawler's handlers, and returns `detach()`.
 * `log` is the reporter's (redacting, once per kind) log; `savedRuns` where its saved state keeps the
 * crawlers' earlier runs (see counting/earlier-runs.ts).
 *
 * - Counts: `crawler.stats.finishJob()` / `failJob()` run once per request that ends for good;
 *   each only tells the reporter that something changed. When it makes a message, the crawler's
 *   statistics (`stats.state`, restored by Crawlee after a migration) are read and handed to it.
 *   Retries show in `requestsRetries`.
 * - Items and failure reasons: what the crawler saves to its default dataset, and why its requests
 *   fail for good, are counted by the crawler group (see `SavedItems`, `watchFailures`), on this
 *   crawler and its dataset object only, until detach.
 * - Total: requests handled plus those still pending in the request queue, an estimate while the
 *   crawl can still find links; firm once it reaches `maxRequestsPerCrawl` or run() has ended.
 * - The crawler's own status messages ("Starting the crawler.", "Crawled X/Y pages...", the racy
 *   "Finished! Total ..." marked terminal) are not sent while attached: the reporter is the run's
 *   one writer. They still show in the crawler's log, and they tell the reporter when run()
 *   starts and ends.
 *
 * Attaching a crawler that is already attached to this reporter changes nothing and returns the
 * same `detach`; attaching it to a second reporter throws, since two writers would fight, unless
 * the first one has ended: ending releases the crawlers (see `releaseCrawlers`).
 */
export function attachCrawler(
    reporter: ReporterPort,
    crawler: unknown,
    log: OnceLog,
    savedRuns: SavedEarlierRuns,
): () => void {
    assertCrawler(crawler);
    const existing = attachments.get(crawler);
    // A reporter that has ended has let its crawlers go (a running one is only kept quiet).
    if (existing && existing.reporter !== reporter && existing.reporter.ended) existing.detach();
    else if (existing) {
        if (existing.reporter === reporter) return existing.detach;
        throw new Error(
            'actor-progress: this crawler is already attached to another ProgressReporter. A run has one status message, so use one reporter per run, or call the detach() that the other attach() returned first.',
        );
    }

    const group = groupOf(reporter, log, savedRuns);
    const safely = bestEffort(log);
    // A request has ended for good: the statistics are read when the next message is made, so all
    // a request costs here is a flag.
    const thenTouch = (original: (...args: unknown[]) => unknown) =>
        function (this: unknown, ...args: unknown[]) {
            const result = original.apply(this, args);
            reporter.touch();
            return result;
        };

    const restores = [
        replaceMethod(crawler.stats, 'finishJob', thenTouch),
        replaceMethod(crawler.stats, 'failJob', thenTouch),
        // A run() that throws (a browser that cannot launch, ...) leaves its queue unhandled: the
        // total keeps counting it. Seen on the rejection's way to the caller, after Crawlee's own
        // end-of-run message (its finally), so it has the last word on the total.
        replaceMethod(
            crawler,
            'run',
            (original) =>
                function (this: unknown, ...args: unknown[]) {
                    return Promise.resolve(original.apply(this, args)).catch((error: unknown) => {
                        safely('run', () => group.threw(crawler));
                        throw error;
                    });
                },
        ),
        replaceMethod(crawler, 'setStatusMessage', () => (message: unknown, options: unknown) => {
            const { isStatusMessageTerminal, level } = (options ?? {}) as CrawlerStatusMessageOptions;
            safely('status message', () => {
                // Crawlee marks only the message at the end of run() terminal, even when run() throws.
                if (isStatusMessageTerminal) group.ended(crawler);
                else group.started(crawler);
            });
            // Its reporter ended while it ran: now that its run() is over, it is let go.
            if (isStatusMessageTerminal && attachment.released) detach();
            const text = String(message);
            const crawlerLogger = crawlerLog(crawler);
            if (level === 'INFO') crawlerLogger?.info?.(text);
            else crawlerLogger?.debug?.(text);
            return Promise.resolve();
        }),
    ];

    let detached = false;
    const detach = () => {
        if (detached) return;
        detached = true;
        // The group's hooks (failure reasons, saved items) went on after ours: off first, so each
        // restore finds its own function in place and leaves nothing behind.
        safely('detach', () => group.leave(crawler));
        for (const restore of restores.reverse()) restore();
        if (attachments.get(crawler)?.detach === detach) attachments.delete(crawler);
        attachedTo.get(reporter)?.delete(crawler);
    };
    const attachment: Attachment = { reporter, detach, released: false };
    attachments.set(crawler, attachment);
    let crawlers = attachedTo.get(reporter);
    if (!crawlers) {
        crawlers = new Set();
        attachedTo.set(reporter, crawlers);
    }
    crawlers.add(crawler);
    safely('attach', () => group.join(crawler));
    return detach;
}

/**
 * Lets the crawlers of a reporter that has ended go, so that they can be attached to another one.
 * A crawler not running is detached at once. A running one stays hooked until its run() is over,
 * only to keep it quiet: its own messages ("Crawled ...", "Finished! ...") would otherwise land
 * after the terminal message. Attaching it elsewhere meanwhile detaches it first.
 */
export function releaseCrawlers(reporter: ReporterPort): void {
    for (const crawler of [...(attachedTo.get(reporter) ?? [])]) {
        const attachment = attachments.get(crawler);
        if (attachment?.reporter !== reporter) continue;
        if (isRunning(crawler)) attachment.released = true;
        else attachment.detach();
    }
}

/**
 * Stops the crawlers attached to `reporter` that are running from starting new requests, and waits up
 * to `withinMs` for those in progress (see `pauseCrawlers`). Never rejects.
 */
export function stopCrawlersWork(reporter: ReporterPort, withinMs: number): Promise<void> {
    const running = [...(attachedTo.get(reporter) ?? [])].filter((crawler) => isRunning(crawler));
    return pauseCrawlers(running, withinMs);
}
