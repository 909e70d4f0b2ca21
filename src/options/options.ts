import type { Clock } from '../counting/clock.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import type { Unit } from '../counting/units.js';
import type { Transport } from '../delivery/transport.js';
import type { ProgressLogger } from '../log/logger.js';

export interface ProgressReporterOptions {
    /**
     * What is being counted, as it should read in the message ("1 of 3 pages").
     * A string is taken as the plural ("pages" -> "page"); pass `[singular, plural]` for irregular nouns.
     * @default 'items' ('pages' when attached to a crawler and not set)
     */
    unit?: Unit;

    /**
     * How many units the run will handle, if known. A function is asked again before every message,
     * so it can follow a total that is discovered while the run goes on.
     * @default undefined (unknown: messages show the count and the rate, no percent or time left)
     */
    total?: number | (() => number | undefined);

    /**
     * The least spacing between two API calls for progress messages, in seconds.
     * The first message is sent at once; later ones at most once per interval, the latest winning.
     * Terminal messages are never delayed by it. The Apify API transport never goes below about one
     * call a second (its `minIntervalMs`), so `0` there means "as often as the API should be called";
     * a custom transport gets exactly this spacing. 5 s was chosen by measurement (README, "Benchmarks"):
     * half of Crawlee's 10 s lag for at most 720 calls an hour. At most 2147483 (about 24.8 days, the
     * longest a Node timer waits), as for every duration option.
     * @default 5
     */
    intervalSecs?: number;

    /**
     * Turns a snapshot into the message text, replacing the built-in wording for every status,
     * terminal ones included. Whatever it returns is still made single-line and capped.
     * A throw, a result that is not a string, or blank text falls back to the built-in wording
     * (and is logged once).
     * @default the built-in formatter (`formatProgress`)
     */
    format?: (snapshot: ProgressSnapshot) => string;

    /**
     * Where messages go. By default, the Apify API when a run id and a token are in the environment
     * (`ACTOR_RUN_ID` or `APIFY_ACTOR_RUN_ID`, `APIFY_TOKEN`, `APIFY_API_BASE_URL`), else the log.
     * @default the Apify API transport when the run id and token are set, else the log transport
     */
    transport?: Transport;

    /** @default Date.now */
    clock?: Clock;

    /**
     * Where the reporter logs its own warnings and, when running locally, the messages themselves.
     * @default Apify's `log`
     */
    log?: ProgressLogger;

    /**
     * Longest message sent, in characters (Unicode code points); longer ones are cut with an ellipsis,
     * between whole characters as a reader sees them (an emoji sequence is never split). Counted in
     * characters, not bytes, so a message in Chinese is as long as one in English: 500 ASCII
     * characters make a 553-byte body, sent as is; 500 CJK characters about 1.5 KB and 500 emoji
     * about 2 KB, which apify-client brotli-compresses (it does so from 1 KiB), and the API takes.
     * @default 500
     */
    maxMessageLength?: number;

    /**
     * How long one API call may take before it is given up and retried, in seconds (at most 2147483).
     * @default 5
     */
    requestTimeoutSecs?: number;

    /**
     * How many times a progress message is tried in all before it is dropped. A newer message
     * always replaces an old one that is still being retried.
     * @default 3
     */
    maxAttempts?: number;

    /**
     * How long the terminal message may be retried in all, in seconds: the most it can delay the exit
     * (at most 2147483).
     * @default 8
     */
    terminalDeadlineSecs?: number;

    /**
     * Locale for numbers ("1,204"): a BCP 47 tag as a string.
     * @default 'en-US'
     */
    locale?: string;

    /**
     * Makes every way the run can end leave a terminal message: hooks the SDK's `exit`, `aborting`,
     * `migrating` and `persistState` events, SIGTERM and SIGINT, uncaught exceptions and unhandled
     * rejections, `beforeExit`, and a timer for `ACTOR_TIMEOUT_AT`. Installed when the reporter is
     * created, removed when it ends (`finish`, `abort`, `end`) or on `detachExitHandlers()`; one
     * tiny SDK `exit` listener then stays, so that `Actor.exit(message)` after the terminal message
     * sends nothing after it (see docs/exit-paths.md). `false` leaves all of that to you: call
     * `finish()` / `abort()` yourself.
     * @default true
     */
    handleExit?: boolean;

    /**
     * The names of the run's steps, in order, when it works in phases (see `phase()`): messages then
     * read "Step 2 of 3 · Enriching: ...". Steps not listed are numbered in the order they start.
     * @default undefined (steps are numbered as they start, with no "of N")
     */
    phases?: readonly string[];

    /**
     * Key in the default key-value store under which manual counts are saved on every `persistState`
     * event and at a migration, and read back when the run starts again, so that progress goes on
     * where it stopped. `false` saves nothing.
     * @default 'ACTOR_PROGRESS_STATE'
     */
    persistStateKey?: string | false;

    /**
     * For a worker whose crawler shares its request queue with other runs (several runs of an Actor
     * crawling one named queue): messages show the whole crawl and this run's share, "1,204 of at least
     * 3,000 pages handled across 4 runs · this run 310 · 3 failed here", read from the queue at most
     * once per interval. `runs` is how many runs share it, when known ("across runs" otherwise).
     * See docs/scale-out.md.
     * @default false
     */
    sharedQueue?: boolean | { runs?: number };

    /**
     * Key of the progress record: the run's progress as JSON (`docs/progress-record.md`) in its default
     * key-value store, for orchestrators and integrations to read with one GET. On the platform it is
     * written through the API; locally to the local storage (`key_value_stores/default/PROGRESS.json`)
     * once `Actor.init()` has run. `false` writes no record.
     * @default 'PROGRESS'
     */
    progressRecord?: string | false;

    /**
     * The least spacing between two writes of the progress record, in seconds: the first change is
     * written at once, later ones at most once per interval, nothing while nothing changes. A
     * migration and the end of the run are written at once. One API call per write; through the API
     * never more than one a second, whatever this says. At most 2147483 (a Node timer's longest wait).
     * @default 30
     */
    recordIntervalSecs?: number;

    /**
     * Serves a live progress page on the run's container URL (the Console's Live view): a bar, the
     * counts, a chart of progress and rate, the failure reasons and the status messages, updated
     * every second; and the snapshot as JSON at `/progress.json`. `true` listens on
     * `ACTOR_WEB_SERVER_PORT` (then `APIFY_CONTAINER_PORT`, then 4321), on all interfaces on the
     * platform and on 127.0.0.1 locally; `{ port, host }` chooses (`port: 0` takes any free port).
     * Off, no port is opened; `reporter.liveViewHandler()` still serves the page from your own server.
     * See docs/live-view.md.
     * @default false
     */
    liveView?: boolean | LiveViewOptions;

    /**
     * On a pay-per-event run, the messages name what the run has charged so far and the user's maximum,
     * read in-process from the SDK's charging manager (no API call): "... · $1.20 of $5.00 max". `false`
     * leaves the amounts out of the messages; the data (`charged` in the snapshot, the progress record
     * and `/progress.json`) keeps them, and a run stopped by its maximum still ends on "Stopped at the
     * $5.00 max charge: ...". No effect on a run that is not pay-per-event. See docs/pay-per-event.md.
     * @default true
     */
    showCharges?: boolean;

    /**
     * `true`: while a crawl still finds pages (the total reads "at least"), projects where it will likely
     * end from its links, and the time left to get there: "1,204 of at least 2,100 pages done · likely
     * about 3,000 · about 6 min left", and `projectedTotal` in the snapshot, the progress record and
     * `/progress.json`. Shown only when the evidence agrees and has held for a while; nothing is shown
     * otherwise. Off by default: on sites whose pages link across them it is close from a quarter of
     * the crawl on, but no link-based estimate sees a section behind one link before the crawl opens
     * it, and there it reads the part crawled so far as the whole (docs/projection.md). Off, a growing
     * total gets no projection and the queue is not watched; a firm total's time left stays in
     * `projectedSecondsLeft` either way.
     * @default false
     */
    projection?: boolean;
}

/** Where the live view listens (see the `liveView` option). */
export interface LiveViewOptions {
    /**
     * The TCP port; 0 takes any free one (the URL logged at start has the real one).
     * @default `ACTOR_WEB_SERVER_PORT`, then `APIFY_CONTAINER_PORT`, then 4321
     */
    port?: number;
    /**
     * The interface to listen on.
     * @default all interfaces on the platform (`APIFY_IS_AT_HOME`), '127.0.0.1' locally
     */
    host?: string;
}

/** The options once defaults are applied: what the rest of the code reads. */
export interface ResolvedOptions {
    unit: readonly [singular: string, plural: string];
    unitWasSet: boolean;
    total: number | (() => number | undefined) | undefined;
    intervalMs: number;
    format: ((snapshot: ProgressSnapshot) => string) | undefined;
    transport: Transport | undefined;
    clock: Clock;
    log: ProgressLogger | undefined;
    maxMessageLength: number;
    requestTimeoutMs: number;
    maxAttempts: number;
    terminalDeadlineMs: number;
    locale: string;
    handleExit: boolean;
    phases: readonly string[] | undefined;
    persistStateKey: string | false;
    /** Undefined when the run does not share its queue. */
    sharedQueue: { runs: number | undefined } | undefined;
    progressRecord: string | false;
    recordIntervalMs: number;
    /** `false` when off; the port and host asked for, if any, when on. */
    liveView: false | LiveViewOptions;
    showCharges: boolean;
    projection: boolean;
}

export const DEFAULTS = {
    unit: 'items',
    intervalSecs: 5,
    maxMessageLength: 500,
    requestTimeoutSecs: 5,
    maxAttempts: 3,
    terminalDeadlineSecs: 8,
    locale: 'en-US',
    handleExit: true,
    persistStateKey: 'ACTOR_PROGRESS_STATE',
    sharedQueue: false,
    progressRecord: 'PROGRESS',
    recordIntervalSecs: 30,
    liveView: false,
    showCharges: true,
    projection: false,
} as const;

/** The shortest message cap that still leaves room for a meaningful message. */
export const MIN_MESSAGE_LENGTH = 20;
