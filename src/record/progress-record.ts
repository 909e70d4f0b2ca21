import type { OnceLog } from '../log/once-log.js';
import { ApiRecordStore, readRecordTarget } from './api-record-store.js';
import { warnRecordFailure } from './failure-warning.js';
import { LocalRecordStore } from './local-record-store.js';
import { RecordWriter } from './record-writer.js';

interface ProgressRecordSettings {
    key: string;
    intervalMs: number;
    requestTimeoutMs: number;
    maxAttempts: number;
    /** The progress document, rendered when a write goes out. */
    render: () => unknown;
    log: OnceLog;
    env?: NodeJS.ProcessEnv;
}

/**
 * The writer of the run's progress record, to the store the environment names: the run's default
 * key-value store through the API when the run id, token and store id are set (on the platform),
 * else the local storage through the SDK.
 */
export function createProgressRecord(settings: ProgressRecordSettings): RecordWriter {
    const target = readRecordTarget(settings.env);
    const store = target ? new ApiRecordStore(target) : new LocalRecordStore();
    const where = { storeName: store.name, key: settings.key };
    return new RecordWriter({
        store,
        key: settings.key,
        intervalMs: settings.intervalMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        maxAttempts: settings.maxAttempts,
        render: settings.render,
        onFailure: (failure, context) => warnRecordFailure(settings.log, where, failure, context),
    });
}
