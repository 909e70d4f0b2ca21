import { replaceMethod } from '../shared/replace-method.js';
import type { CrawlerLike } from './crawler-shape.js';

/** Crawlee's `Dataset`, as far as counting is concerned. */
interface DatasetLike {
    pushData(data: unknown): Promise<unknown>;
}

/** The crawler's `getDataset(idOrName?)`, public in every Crawlee 3 crawler. */
type GetDataset = (idOrName?: string) => Promise<DatasetLike>;

/** What one `pushData(data)` saves: an array's items, or one object. */
export function itemsIn(data: unknown): number {
    if (Array.isArray(data)) return data.length;
    return typeof data === 'object' && data !== null ? 1 : 0;
}

/**
 * Counts the items the attached crawlers save to their default datasets, however they save them.
 *
 * Every way leads to one method: `context.pushData` and `crawler.pushData` open the default dataset
 * through `crawler.getDataset()` and call its `pushData()`; `Actor.pushData`, `Dataset.pushData` and
 * `(await Dataset.open()).pushData` reach the same `Dataset` object, which Crawlee opens once per
 * configuration and keeps. So `pushData` is replaced on that one object (never on the class: nothing
 * leaks to other datasets or other reporters) and counts when it resolves, i.e. when the items are
 * saved. The object is found through the crawler's `getDataset()`, watched for the crawler's own
 * pushes and opened once when the crawler's run starts (storage is ready by then), so a handler that
 * only calls `Actor.pushData` is counted too. A dataset shared by several crawlers of one reporter
 * counts once. All restored when the last crawler using it detaches.
 */
export class SavedItems {
    readonly #onSaved: (count: number) => void;
    readonly #datasets = new Map<DatasetLike, { restore: () => void; users: Set<CrawlerLike> }>();
    readonly #crawlers = new Map<CrawlerLike, () => void>();

    constructor(onSaved: (count: number) => void) {
        this.#onSaved = onSaved;
    }

    /** Starts counting what `crawler` saves. */
    follow(crawler: CrawlerLike): void {
        if (this.#crawlers.has(crawler) || typeof getDatasetOf(crawler) !== 'function') return;
        const restore = replaceMethod(crawler, 'getDataset', (original) => {
            const watch = (dataset: DatasetLike) => this.#watch(dataset, crawler);
            return function (this: unknown, ...args: unknown[]) {
                const result = original.apply(this, args);
                // Registered before the caller's own `await`, so the dataset is watched before it is used.
                if (args[0] === undefined || args[0] === null || args[0] === '') {
                    Promise.resolve(result as Promise<DatasetLike>)
                        .then(watch)
                        .catch(() => undefined);
                }
                return result;
            };
        });
        this.#crawlers.set(crawler, restore);
    }

    /** Opens `crawler`'s default dataset so that pushes that bypass the crawler are counted too. */
    open(crawler: CrawlerLike): void {
        if (!this.#crawlers.has(crawler)) return;
        getDatasetOf(crawler)
            ?.call(crawler)
            .catch(() => undefined); // no dataset, no count: the crawl is not this hook's business
    }

    /** Stops counting what `crawler` saves; a dataset still used by another crawler keeps counting. */
    unfollow(crawler: CrawlerLike): void {
        this.#crawlers.get(crawler)?.();
        this.#crawlers.delete(crawler);
        for (const [dataset, entry] of this.#datasets) {
            entry.users.delete(crawler);
            if (entry.users.size > 0) continue;
            entry.restore();
            this.#datasets.delete(dataset);
        }
    }

    #watch(dataset: DatasetLike, crawler: CrawlerLike): void {
        if (!this.#crawlers.has(crawler) || typeof dataset?.pushData !== 'function') return;
        const known = this.#datasets.get(dataset);
        if (known) {
            known.users.add(crawler);
            return;
        }
        const onSaved = this.#onSaved;
        const restore = replaceMethod(
            dataset,
            'pushData',
            (original) =>
                function (this: unknown, ...args: unknown[]) {
                    const count = itemsIn(args[0]);
                    return Promise.resolve(original.apply(this, args)).then((value) => {
                        if (count > 0) onSaved(count);
                        return value;
                    });
                },
        );
        this.#datasets.set(dataset, { restore, users: new Set([crawler]) });
    }
}

function getDatasetOf(crawler: CrawlerLike): GetDataset | undefined {
    const method = (crawler as { getDataset?: unknown }).getDataset;
    return typeof method === 'function' ? (method as GetDataset) : undefined;
}
