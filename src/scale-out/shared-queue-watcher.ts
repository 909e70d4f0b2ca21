import { errorText } from '../counting/error-text.js';
import { type CrawlerLike, isRunning } from '../crawlee/crawler-shape.js';
import { replaceMethod } from '../shared/replace-method.js';
import { estimateCrawl, type QueueReading, ReadGate } from './crawl-estimate.js';
import { HandledMarks } from './handled-marks.js';
import type { ScaleOutPort } from './port.js';
import { queueReaderFor, type ReadQueue } from './queue-reader.js';
import { handledBy, offlineTotal, type QueueLike, queueId, queueOf } from './queue-shape.js';

interface SharedQueueSettings {
    /** How many runs share the queue, when known: "across 4 runs". */
    runs: number | undefined;
}

/** The longest the read that settles the terminal message may hold up the end of `crawler.run()`. */
const FINAL_READ_MAX_MS = 3_000;
/** Reads stay this far apart even with a shorter interval: the API allows 60 GETs/s per queue, for all workers. */
const MIN_READ_INTERVAL_MS = 500;

/**
 * Shows the whole crawl in the messages of a worker that shares its request queue with other runs.
 *
 * - While a watched crawler runs, the queue is read in the background once per interval (never per
 *   request, never two reads at a time). A message never waits for a read: it shows the latest
 *   figures, and a read whose figures changed asks for the next message. So a worker costs at most one
 *   queue GET plus one status PUT per interval, and its message follows the whole crawl even while it
 *   has nothing to do itself.
 * - Between reads, what this run handles and adds is counted on top of the last answer, and the crawl
 *   is never shown below this run's own counts: max(API, local estimate), as both Apify SDKs show
 *   them (see `estimateCrawl`); they never go backwards.
 * - A failed read (a 429, a timeout) keeps the last figures and is logged once.
 * - When `crawler.run()` ends, one more read (bounded) settles the figures, so the terminal message
 *   says whether the queue was empty.
 */
export class SharedQueueWatcher {
    readonly #port: ScaleOutPort;
    readonly #crawlers = new Map<CrawlerLike, () => void>();
    readonly #gate: ReadGate;
    readonly #readers = new WeakMap<QueueLike, ReadQueue>();
    /** The requests this run marks handled, per queue it reads (see `HandledMarks`). */
    readonly #marks = new Map<QueueLike, HandledMarks>();
    #reading: QueueReading | undefined;
    /** The queue the last answer is from: a reading of another queue says nothing about this one. */
    #readingOf: QueueLike | undefined;
    #inFlight: Promise<void> | undefined;
    #removeSource: (() => void) | undefined;
    #timer: NodeJS.Timeout | undefined;
    readonly #readIntervalMs: number;
    /** The reporter has ended: every crawler is let go, a running one once its run() is over. */
    #released = false;

    constructor(port: ScaleOutPort, settings: SharedQueueSettings) {
        this.#port = port;
        this.#readIntervalMs = Math.max(MIN_READ_INTERVAL_MS, port.options.intervalMs);
        this.#gate = new ReadGate(this.#readIntervalMs);
        // Quiet: a reporter says nothing before there is something to count.
        port.updateSharedQueue({ ...(settings.runs === undefined ? {} : { runs: settings.runs }), quiet: true });
    }

    /** Starts watching `crawler`'s queue. Returns the function that stops it (idempotent). */
    watch(crawler: CrawlerLike): () => void {
        const existing = this.#crawlers.get(crawler);
        if (existing) return existing;
        // Registered with the first crawler: before it there is no queue to read.
        this.#removeSource ??= this.#port.addCountSource(() => this.#refresh());
        const restoreRun = replaceMethod(crawler, 'run', (original) => {
            const watcher = this;
            return function (this: unknown, ...args: unknown[]) {
                return Promise.resolve(original.apply(this, args)).finally(async () => {
                    await watcher.#finalRead();
                    // Its reporter ended while this run went on: now that it is over, it is let go.
                    if (watcher.#released) watcher.#crawlers.get(crawler)?.();
                });
            };
        });
        let stopped = false;
        const stop = () => {
            if (stopped) return;
            stopped = true;
            restoreRun();
            this.#crawlers.delete(crawler);
            if (this.#crawlers.size === 0) {
                for (const marks of this.#marks.values()) marks.release();
                this.#marks.clear();
                this.#removeSource?.();
                this.#removeSource = undefined;
                this.#stopTimer();
            }
        };
        this.#crawlers.set(crawler, stop);
        // Read at once, so that the figures are there by the crawler's first message.
        const queue = this.#queue();
        if (queue && this.#working()) void this.#read(queue);
        // Unref'd: reading progress never keeps a process alive.
        this.#timer ??= setInterval(() => this.#tick(), this.#readIntervalMs).unref();
        return stop;
    }

    /**
     * Lets every crawler go when the reporter ends, as `attach()`'s own hooks are (`releaseCrawlers`):
     * `crawler.run` is given back at once, or once a run still going is over. Idempotent.
     */
    release(): void {
        this.#released = true;
        for (const [crawler, stop] of [...this.#crawlers]) if (!isRunning(crawler)) stop();
    }

    /** The queue of the first crawler that has one (Crawlee opens its default queue only in run()). */
    #queue(): QueueLike | undefined {
        for (const crawler of this.#crawlers.keys()) {
            const queue = queueOf(crawler);
            if (queue) return queue;
        }
        return undefined;
    }

    /** This run's counts on `queue`: requests its crawlers handled and marked, and the queue's offline total. */
    #own(queue: QueueLike) {
        const onQueue = [...this.#crawlers.keys()].filter((crawler) => queueOf(crawler) === queue);
        return {
            handled: handledBy(onQueue),
            marked: this.#marks.get(queue)?.count ?? 0,
            total: offlineTotal(queue),
        };
    }

    #working(): boolean {
        const { status } = this.#port;
        return status === 'running' || status === 'migrating';
    }

    /** Runs before every message: the latest figures, never a read (a message does not wait for one). */
    #refresh(): void {
        const queue = this.#queue();
        if (!queue) return;
        const id = queueId(queue);
        if (this.#reading && this.#readingOf === queue) {
            this.#port.updateSharedQueue({ queueId: id, reading: estimateCrawl(this.#reading, this.#own(queue)) });
        } else {
            this.#port.updateSharedQueue({ queueId: id });
        }
    }

    /** Once per interval: a read while a crawler runs, when none is on the way. */
    #tick(): void {
        if (!this.#working()) {
            this.#stopTimer();
            return;
        }
        const queue = this.#queue();
        const crawling = [...this.#crawlers.keys()].some(isRunning);
        if (queue && crawling && this.#gate.mayRead(this.#port.options.clock.now())) void this.#read(queue);
    }

    #stopTimer(): void {
        clearInterval(this.#timer);
        this.#timer = undefined;
    }

    #read(queue: QueueLike): Promise<void> {
        this.#gate.started(this.#port.options.clock.now());
        // Counted from before the first answer: a mark after it arrives is then always seen.
        if (!this.#marks.has(queue)) this.#marks.set(queue, new HandledMarks(queue));
        let reader = this.#readers.get(queue);
        if (!reader) {
            reader = queueReaderFor(queue, this.#port.options.requestTimeoutMs);
            this.#readers.set(queue, reader);
        }
        const read = reader()
            .then(
                (answer) => {
                    const own = this.#own(queue);
                    this.#reading = { ...answer, ownMarked: own.marked, ownTotal: own.total };
                    this.#readingOf = queue;
                    this.#port.updateSharedQueue({
                        queueId: queueId(queue),
                        reading: estimateCrawl(this.#reading, own),
                        // Before the crawl has begun, there is nothing to say yet: the figures wait for its first message.
                        quiet: ![...this.#crawlers.keys()].some(isRunning),
                    });
                },
                (error: unknown) => {
                    this.#port.warnOnce(
                        'shared-queue-read',
                        `Could not read the shared request queue's counts (${errorText(error)}); the messages keep the last figures. This is logged once.`,
                    );
                },
            )
            .finally(() => {
                this.#gate.finished();
                if (this.#inFlight === read) this.#inFlight = undefined;
            });
        this.#inFlight = read;
        return read;
    }

    /** After `crawler.run()`: one more read, bounded, so the terminal message has the crawl's last figures. */
    async #finalRead(): Promise<void> {
        const queue = this.#queue();
        if (!queue || !this.#working()) return;
        const read = this.#inFlight ?? this.#read(queue);
        let timer: NodeJS.Timeout | undefined;
        const bound = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, Math.min(FINAL_READ_MAX_MS, this.#port.options.requestTimeoutMs));
        });
        try {
            await Promise.race([read, bound]);
        } finally {
            clearTimeout(timer);
        }
    }
}
