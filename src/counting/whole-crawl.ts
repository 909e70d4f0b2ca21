import type { ProgressState } from './saved-state.js';
import {
    type CrawlReading,
    mergeCrawlReading,
    type SharedQueueProgress,
    sameSharedQueue,
} from './shared-queue-figures.js';

/**
 * The whole crawl, for a worker on a shared request queue: what is known of the queue, and the
 * figures of its readings, merged so that they never go backwards.
 */
export class WholeCrawl {
    #progress: SharedQueueProgress | undefined;
    /**
     * The figures a previous start had shown, saved at its last `persistState`: the least the next
     * reading may show. Not shown by themselves: the previous start may have shown more after the save,
     * so only a reading in this start says where the crawl stands.
     */
    #floor: { handled: number; total: number } | undefined;

    /** Undefined unless the run is a worker on a shared queue. */
    get progress(): SharedQueueProgress | undefined {
        return this.#progress;
    }

    /**
     * Takes what is known of the queue: its id and number of runs, and a new reading of it. Returns
     * whether the figures changed, and whether the crawl moved (more handled than before).
     */
    update(update: { queueId?: string; runs?: number; reading?: CrawlReading }): { changed: boolean; moved: boolean } {
        const before = this.#progress;
        const counts = update.reading
            ? mergeCrawlReading(before?.handled === undefined ? this.#floor : before, update.reading)
            : { handled: before?.handled, total: before?.total, totalIsEstimate: before?.totalIsEstimate ?? true };
        this.#progress = {
            queueId: update.queueId ?? before?.queueId,
            runs: update.runs ?? before?.runs,
            ...counts,
        };
        return {
            changed: !sameSharedQueue(before, this.#progress),
            moved: (counts.handled ?? 0) > (before?.handled ?? 0),
        };
    }

    /** The whole crawl's figures shown so far, to save: a restarted worker never shows less. */
    saved(): Pick<ProgressState, 'sharedQueue'> {
        const { handled, total } = this.#progress?.handled === undefined ? (this.#floor ?? {}) : this.#progress;
        return handled === undefined || total === undefined ? {} : { sharedQueue: { handled, total } };
    }

    /** The figures a previous start saved: the least the next reading may show. */
    restore(saved: { handled: number; total: number }): void {
        this.#floor = { ...saved };
    }
}
