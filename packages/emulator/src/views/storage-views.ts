import type { StorageInfo } from '../api-types.js';
import type { Dataset } from '../platform/dataset.js';
import type { KeyValueStore } from '../platform/key-value-store.js';
import type { RequestQueue } from '../platform/request-queue.js';
import type { DatasetView, KeyValueStoreView, RequestQueueView, StoredRecord } from '../storage-types.js';

export function keyValueStoreView(store: KeyValueStore): KeyValueStoreView {
    return {
        get id() {
            return store.info.id;
        },
        get name() {
            return store.info.name;
        },
        get info(): StorageInfo {
            return { ...store.info };
        },
        keys: () => store.keys().map(({ key }) => key),
        getRecord: (key: string): StoredRecord | undefined => store.get(key),
    };
}

export function datasetView(dataset: Dataset): DatasetView {
    return {
        get id() {
            return dataset.info.id;
        },
        get name() {
            return dataset.info.name;
        },
        get itemCount() {
            return dataset.itemCount;
        },
        items: () => dataset.slice(0, dataset.itemCount, false),
    };
}

export function requestQueueView(queue: RequestQueue): RequestQueueView {
    return {
        get id() {
            return queue.info.id;
        },
        get name() {
            return queue.info.name;
        },
        get info() {
            return queue.describe();
        },
        requests: () => queue.snapshot(Date.now()),
    };
}
