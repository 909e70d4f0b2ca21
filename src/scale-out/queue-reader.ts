import { parseQueueInfo } from './crawl-estimate.js';
import { platformApiFromEnv } from './platform-api.js';
import { isPlatformQueue, type QueueLike, queueId } from './queue-shape.js';

/** Reads the whole queue's counts once; rejects with a reason fit for the log. */
export type ReadQueue = () => Promise<{ handled: number; total: number }>;

/**
 * How to read `queue`'s counts. On the platform: `GET /v2/request-queues/:id` through a client of our
 * own that never retries (`maxRetries: 0`): the SDK's client retries a 429 for minutes, while a missed
 * reading only means the last figures stay a little longer. Locally: the queue's own `getInfo()`.
 */
export function queueReaderFor(queue: QueueLike, timeoutMs: number): ReadQueue {
    const id = queueId(queue);
    const counts = (info: Parameters<typeof parseQueueInfo>[0]) => {
        const parsed = parseQueueInfo(info);
        if (!parsed) throw new Error(`the queue ${id} answered no counts`);
        return parsed;
    };
    const api = isPlatformQueue(queue) ? platformApiFromEnv(timeoutMs) : undefined;
    if (api) {
        return async () => {
            const info = await api.call((client) => client.requestQueue(id).get());
            if (info === undefined) throw new Error(`the queue ${id} was not found (404)`);
            return counts(info);
        };
    }
    return async () => {
        if (typeof queue.getInfo !== 'function') throw new Error('the queue has no getInfo()');
        return counts(await queue.getInfo());
    };
}
