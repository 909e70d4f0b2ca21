import { replaceMethod } from '../shared/replace-method.js';
import type { CrawlerLike } from './crawler-shape.js';
import { countStored, pushesMayBeCut } from './refused-pushes.js';

/** Crawlee's `Dataset`, as far as counting is concerned. */
interface DatasetLike {
    pushData(data: unknown): Promise<unknown>;
}

/** The crawler's `getDataset(idOrName?)`, public in every Crawlee 3 crawler. */
type GetDataset = (idOrName?: string) => Promise<DatasetLike>;

/** Crawlee's `StorageManager`: opens each storage of one configuration once, and keeps it. */
interface StorageManagerLike {
    openStorage(idOrName?: string | null, client?: unknown): Promise<DatasetLike>;
    cache?: Map<string, DatasetLike>;
}

/** Crawlee's `Configuration`, as far as finding its default dataset goes. */
interface ConfigurationLike {
    get(key: string): unknown;
    storageManagers?: Map<unknown, StorageManagerLike>;
}

/** What one `pushData(data)` saves: an array's items, or one object. */
function itemsIn(data: unknown): number {
    if (Array.isArray(data)) return data.length;
    return typeof data === 'object' && data !== null ? 1 : 0;
}

/**
 * Counts the items the attached crawlers save to their default datasets, however they save them.
 *
 * Every way leads to one method of one object: Crawlee opens a configuration's default dataset once
 * and keeps the `Dataset` object. `context.pushData` and `crawler.pushData` reach the crawler's
 * (`crawler.getDataset()`, on the crawler's configuration); `Actor.pushData`, `Dataset.pushData` and
 * `(await Dataset.open()).pushData` reach the global configuration's, the run's default dataset. For
 * most crawlers, made without a configuration of their own, the two are the same object. So
 * `pushData` is replaced on that object (never on the class: nothing leaks to other datasets or other
 * reporters) and counts when it resolves, i.e. when the items are saved.
 *
 * - The crawler's dataset is found through its `getDataset()`, watched for the crawler's own pushes
 *   and opened once when the crawler's run starts (storage is ready by then), so a handler that only
 *   calls `Actor.pushData` is counted too.
 * - A crawler with a `Configuration` of its own has a dataset of its own: the global one is watched as
 *   well, when it is opened (at the first `Actor.pushData`, say, through the global configuration's
 *   storage manager), without opening it: that would create or purge local storage the author never
 *   used. Each push goes through one of the two objects, so nothing is counted twice.
 * - A dataset shared by several crawlers of one reporter counts once. All restored when the last
 *   crawler using it detaches.
 */
export class SavedItems {
    readonly #onSaved: (count: number) => void;
    readonly #datasets = new Map<DatasetLike, { restore: () => void; users: Set<CrawlerLike> }>();
    /** The global configuration's storage managers, watched for its default dataset being opened. */
    readonly #managers = new Map<StorageManagerLike, { restore: () => void; users: Set<CrawlerLike> }>();
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
            .then((dataset) => this.#watchGlobalDefault(crawler, dataset))
            .catch(() => undefined); // no dataset, no count: the crawl is not this hook's business
    }

    /** Stops counting what `crawler` saves; a dataset still used by another crawler keeps counting. */
    unfollow(crawler: CrawlerLike): void {
        this.#crawlers.get(crawler)?.();
        this.#crawlers.delete(crawler);
        // The managers first: a default dataset opened after this would be watched for nobody.
        letGo(this.#managers, crawler);
        letGo(this.#datasets, crawler);
    }

    /**
     * For a crawler with a configuration of its own: watches the global configuration's default
     * dataset, now if it is open, else when it opens. Found through Crawlee's own objects (crawlee is
     * an optional peer, never imported): the crawler's configuration class gives the global one, its
     * dataset's class and its storage manager's class the global one's manager. Anything missing, and
     * nothing is watched: the counts of the crawler's own dataset stay as they are.
     */
    #watchGlobalDefault(crawler: CrawlerLike, dataset: DatasetLike): void {
        if (!this.#crawlers.has(crawler)) return;
        const own = (crawler as { config?: ConfigurationLike }).config;
        const configClass = own?.constructor as { getGlobalConfig?: () => ConfigurationLike } | undefined;
        const global = configClass?.getGlobalConfig?.();
        if (!own || !global || global === own || typeof global.get !== 'function') return;
        const datasetClass = (dataset as object).constructor;
        let manager = global.storageManagers?.get(datasetClass);
        if (!manager) {
            const managerClass = own.storageManagers?.get(datasetClass)?.constructor as
                | { getManager?: (storageClass: unknown, config: ConfigurationLike) => StorageManagerLike }
                | undefined;
            manager = managerClass?.getManager?.(datasetClass, global);
        }
        if (!manager || typeof manager.openStorage !== 'function') return;
        const defaultId = global.get('defaultDatasetId');
        const isDefault = (idOrName: unknown) => !idOrName || idOrName === defaultId;
        const opened = typeof defaultId === 'string' ? manager.cache?.get(defaultId) : undefined;
        if (opened) this.#watch(opened, crawler);
        const known = this.#managers.get(manager);
        if (known) {
            known.users.add(crawler);
            return;
        }
        const watch = (opening: Promise<DatasetLike>) => {
            opening.then((opened) => this.#watchForAll(opened, manager)).catch(() => undefined);
        };
        const restore = replaceMethod(
            manager,
            'openStorage',
            (original) =>
                function (this: unknown, ...args: unknown[]) {
                    const result = original.apply(this, args);
                    // Registered before the caller's own `await`, so the dataset is watched before it is used.
                    if (isDefault(args[0])) watch(Promise.resolve(result as Promise<DatasetLike>));
                    return result;
                },
        );
        this.#managers.set(manager, { restore, users: new Set([crawler]) });
    }

    /** Watches the global default dataset for every crawler that is watching `manager`. */
    #watchForAll(dataset: DatasetLike, manager: StorageManagerLike): void {
        for (const crawler of this.#managers.get(manager)?.users ?? []) this.#watch(dataset, crawler);
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
                    // On a pay-per-event run the maximum charge may cut a push: only what is stored counts.
                    if (pushesMayBeCut()) return countStored(() => original.apply(this, args), count, onSaved);
                    return Promise.resolve(original.apply(this, args)).then((value) => {
                        if (count > 0) onSaved(count);
                        return value;
                    });
                },
        );
        this.#datasets.set(dataset, { restore, users: new Set([crawler]) });
    }
}

/** Removes `crawler` from the users of each watched object, restoring those it was the last user of. */
function letGo<T>(watched: Map<T, { restore: () => void; users: Set<CrawlerLike> }>, crawler: CrawlerLike): void {
    for (const [object, entry] of watched) {
        entry.users.delete(crawler);
        if (entry.users.size > 0) continue;
        entry.restore();
        watched.delete(object);
    }
}

function getDatasetOf(crawler: CrawlerLike): GetDataset | undefined {
    const method = (crawler as { getDataset?: unknown }).getDataset;
    return typeof method === 'function' ? (method as GetDataset) : undefined;
}
