import { getActor, listActorRuns, startActorRun } from './actors.js';
import { chargeRun } from './charges.js';
import type { Endpoint } from './context.js';
import { datasetHandlers, listItems, pushItems } from './datasets.js';
import {
    deleteRecord,
    getRecord,
    keyValueStoreHandlers,
    listKeys,
    putRecord,
    recordExists,
} from './key-value-stores.js';
import { getLog } from './logs.js';
import { deleteRequestLock, lockQueueHead, prolongRequestLock, unlockRequests } from './queue-locks.js';
import {
    addRequest,
    batchAddRequests,
    batchDeleteRequests,
    deleteRequest,
    getRequest,
    listHead,
    listRequests,
    requestQueueHandlers,
    updateRequest,
} from './request-queues.js';
import { abortRun, deleteRun, getRun, listAllRuns, rebootRun, updateRun } from './runs.js';

const kvs = keyValueStoreHandlers;
const datasets = datasetHandlers;
const queues = requestQueueHandlers;

/**
 * The endpoints the emulator serves, by the API reference's operationId. Every other documented
 * endpoint answers 501 naming itself. `limit` is the documented per-resource rate limit that applies.
 * The `actorRun_*` storage endpoints are the run's default storages under `/v2/actor-runs/:runId/...`.
 */
export const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
    // Runs: a run is a resource of its own, at the default 60 requests/s.
    actorRuns_get: { handler: listAllRuns, limit: 'default' },
    actorRun_get: { handler: getRun, limit: 'default' },
    actorRun_put: { handler: updateRun, limit: 'default' },
    actorRun_delete: { handler: deleteRun, limit: 'default' },
    actorRun_abort_post: { handler: abortRun, limit: 'default' },
    actorRun_reboot_post: { handler: rebootRun, limit: 'default' },
    PostChargeRun: { handler: chargeRun, limit: 'default' },
    actorRun_log_get: { handler: getLog, limit: 'default' },
    log_get: { handler: getLog, limit: 'default' },
    // Actors and their runs.
    actor_get: { handler: getActor, limit: 'default' },
    actors_runs_get: { handler: listActorRuns, limit: 'default' },
    actors_runs_post: { handler: startActorRun, limit: 'high' },
    actors_run_get: { handler: getRun, limit: 'default' },
    actors_run_abort_post: { handler: abortRun, limit: 'default' },
    // Key-value stores.
    keyValueStores_get: { handler: kvs.list, limit: 'default' },
    keyValueStores_post: { handler: kvs.getOrCreate, limit: 'default' },
    keyValueStore_get: { handler: kvs.get, limit: 'default' },
    keyValueStore_put: { handler: kvs.update, limit: 'default' },
    keyValueStore_delete: { handler: kvs.remove, limit: 'default' },
    keyValueStore_keys_get: { handler: listKeys, limit: 'default' },
    keyValueStore_record_get: { handler: getRecord, limit: 'records' },
    keyValueStore_record_head: { handler: recordExists, limit: 'records' },
    keyValueStore_record_put: { handler: putRecord, limit: 'records' },
    keyValueStore_record_post: { handler: putRecord, limit: 'records' },
    keyValueStore_record_delete: { handler: deleteRecord, limit: 'records' },
    actorRun_keyValueStore_get: { handler: kvs.get, limit: 'default' },
    actorRun_keyValueStore_keys_get: { handler: listKeys, limit: 'default' },
    actorRun_keyValueStore_record_get: { handler: getRecord, limit: 'records' },
    actorRun_keyValueStore_record_put: { handler: putRecord, limit: 'records' },
    actorRun_keyValueStore_record_post: { handler: putRecord, limit: 'records' },
    actorRun_keyValueStore_record_delete: { handler: deleteRecord, limit: 'records' },
    // Datasets.
    datasets_get: { handler: datasets.list, limit: 'default' },
    datasets_post: { handler: datasets.getOrCreate, limit: 'default' },
    dataset_get: { handler: datasets.get, limit: 'default' },
    dataset_put: { handler: datasets.update, limit: 'default' },
    dataset_delete: { handler: datasets.remove, limit: 'default' },
    dataset_items_get: { handler: listItems, limit: 'default' },
    dataset_items_head: { handler: listItems, limit: 'default' },
    dataset_items_post: { handler: pushItems, limit: 'high' },
    actorRun_dataset_get: { handler: datasets.get, limit: 'default' },
    actorRun_dataset_items_get: { handler: listItems, limit: 'default' },
    actorRun_dataset_items_post: { handler: pushItems, limit: 'high' },
    // Request queues.
    requestQueues_get: { handler: queues.list, limit: 'default' },
    requestQueues_post: { handler: queues.getOrCreate, limit: 'default' },
    requestQueue_get: { handler: queues.get, limit: 'default' },
    requestQueue_put: { handler: queues.update, limit: 'default' },
    requestQueue_delete: { handler: queues.remove, limit: 'default' },
    requestQueue_requests_get: { handler: listRequests, limit: 'default' },
    requestQueue_requests_post: { handler: addRequest, limit: 'high' },
    requestQueue_requests_batch_post: { handler: batchAddRequests, limit: 'default' },
    requestQueue_requests_batch_delete: { handler: batchDeleteRequests, limit: 'default' },
    requestQueue_requests_unlock_post: { handler: unlockRequests, limit: 'default' },
    requestQueue_request_get: { handler: getRequest, limit: 'high' },
    requestQueue_request_put: { handler: updateRequest, limit: 'high' },
    requestQueue_request_delete: { handler: deleteRequest, limit: 'high' },
    requestQueue_head_get: { handler: listHead, limit: 'default' },
    requestQueue_head_lock_post: { handler: lockQueueHead, limit: 'default' },
    requestQueue_request_lock_put: { handler: prolongRequestLock, limit: 'high' },
    requestQueue_request_lock_delete: { handler: deleteRequestLock, limit: 'high' },
    actorRun_requestQueue_get: { handler: queues.get, limit: 'default' },
    actorRun_requestQueue_requests_get: { handler: listRequests, limit: 'default' },
    actorRun_requestQueue_requests_post: { handler: addRequest, limit: 'high' },
    actorRun_requestQueue_requests_batch_post: { handler: batchAddRequests, limit: 'default' },
    actorRun_requestQueue_requests_unlock_post: { handler: unlockRequests, limit: 'default' },
    actorRun_requestQueue_request_get: { handler: getRequest, limit: 'high' },
    actorRun_requestQueue_request_put: { handler: updateRequest, limit: 'high' },
    actorRun_requestQueue_request_delete: { handler: deleteRequest, limit: 'high' },
    actorRun_requestQueue_head_get: { handler: listHead, limit: 'default' },
    actorRun_requestQueue_head_lock_post: { handler: lockQueueHead, limit: 'default' },
    actorRun_requestQueue_request_lock_put: { handler: prolongRequestLock, limit: 'high' },
    actorRun_requestQueue_request_lock_delete: { handler: deleteRequestLock, limit: 'high' },
};
