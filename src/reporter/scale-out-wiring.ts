import type { RunStatus } from '../counting/snapshot.js';
import type { Tally } from '../counting/tally.js';
import type { Unit } from '../counting/units.js';
import type { CrawlerLike } from '../crawlee/crawler-shape.js';
import type { OnceLog } from '../log/once-log.js';
import type { ResolvedOptions } from '../options/options.js';
import {
    checkFollowRuns,
    DEFAULT_RECORD_KEY,
    type FollowRunsOptions,
    type RunToFollow,
} from '../scale-out/follow-options.js';
import type { ScaleOutPort } from '../scale-out/port.js';
import { RunFollower } from '../scale-out/run-follower.js';
import { SharedQueueWatcher } from '../scale-out/shared-queue-watcher.js';

interface ScaleOutWiringSettings {
    options: Readonly<ResolvedOptions>;
    /** Where the reporter's own run stands. */
    status: () => RunStatus;
    tally: Tally;
    /** Asks for a message. */
    changed: () => void;
    setUnit: (unit: Unit) => void;
    addCountSource: (refresh: () => void) => () => void;
    log: OnceLog;
}

/** A reporter's features for several runs: a shared request queue, and the child runs it follows. */
export class ScaleOutWiring {
    readonly #settings: ScaleOutWiringSettings;
    #port: ScaleOutPort | undefined;
    /** Shows the whole crawl when the run shares its request queue (the `sharedQueue` option). */
    readonly #sharedQueue: SharedQueueWatcher | undefined;
    /** The detach functions `attach()` returns with a shared queue, one per crawler. */
    readonly #sharedDetaches = new WeakMap<() => void, () => void>();
    /** Follows child runs, once `followRuns()` was called. */
    #follower: RunFollower | undefined;

    constructor(settings: ScaleOutWiringSettings) {
        this.#settings = settings;
        this.#sharedQueue = settings.options.sharedQueue
            ? new SharedQueueWatcher(this.#scaleOutPort(), settings.options.sharedQueue)
            : undefined;
    }

    /** With a shared queue, `detach` (what `attach()` returned for `crawler`) also stops watching it. */
    withSharedQueue(crawler: CrawlerLike, detach: () => void): () => void {
        if (!this.#sharedQueue) return detach;
        let detachBoth = this.#sharedDetaches.get(detach);
        if (!detachBoth) {
            const unwatch = this.#sharedQueue.watch(crawler);
            detachBoth = () => {
                unwatch();
                detach();
            };
            this.#sharedDetaches.set(detach, detachBoth);
        }
        return detachBoth;
    }

    /** The reporter has ended: the shared queue's watcher lets its crawlers go (see `releaseCrawlers`). */
    release(): void {
        this.#sharedQueue?.release();
    }

    followRuns(runs: Iterable<RunToFollow>, options: FollowRunsOptions): RunFollower {
        const checked = checkFollowRuns(runs, options);
        this.#follower ??= new RunFollower(this.#scaleOutPort(), {
            runs: checked.expected,
            recordKey: checked.recordKey ?? DEFAULT_RECORD_KEY,
        });
        if (checked.expected !== undefined) this.#follower.expect(checked.expected);
        for (const run of checked.runs) this.#follower.follow(run.id, run.label);
        return this.#follower;
    }

    /** What the features for several runs may touch: counts and figures, never the publisher. */
    #scaleOutPort(): ScaleOutPort {
        const { options, status, tally, changed, setUnit, addCountSource, log } = this.#settings;
        this.#port ??= {
            get options() {
                return options;
            },
            get status() {
                return status();
            },
            updateSharedQueue: ({ quiet, ...update }) => {
                if (tally.updateSharedQueue(update) && !quiet) changed();
            },
            setChildRuns: (childRuns, { done, failed, failures, total, totalIsEstimate }) => {
                tally.setChildRuns(childRuns);
                tally.setCounts({ done, failed, failures });
                tally.setTotal(total, totalIsEstimate);
                changed();
            },
            setUnit,
            addCountSource,
            warnOnce: (kind, message) => {
                log.warnOnce(kind, message);
            },
        };
        return this.#port;
    }
}
