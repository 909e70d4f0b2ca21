import { replaceMethod } from '../shared/replace-method.js';

/** What Crawlee's request queue answers for one request added: `QueueOperationInfo`. */
interface AddedRequest {
    uniqueKey?: unknown;
    wasAlreadyPresent?: unknown;
}

/** Crawlee's request queue (`RequestProvider`): the two methods every way of adding links ends in. */
interface QueueLike {
    addRequest?: (...args: unknown[]) => unknown;
    addRequests?: (...args: unknown[]) => unknown;
}

/** Called once per link the queue answered for: the page's unique key, and whether it was known. */
export type OnLink = (uniqueKey: string, wasAlreadyPresent: boolean) => void;

/** Runs `action`, swallowing what it throws: a projection's figure must never break a crawl or a request. */
function safely(action: () => void): void {
    try {
        action();
    } catch {
        // the projection abstains for lack of links; the crawl goes on
    }
}

/** Every queue watched, with the crawlers watching it: a queue shared by two crawlers is watched once. */
const watched = new WeakMap<object, { restore: () => void; users: Set<object> }>();

function report(added: unknown, onLink: OnLink): void {
    const info = added as AddedRequest | undefined;
    if (typeof info?.uniqueKey === 'string' && typeof info.wasAlreadyPresent === 'boolean') {
        onLink(info.uniqueKey, info.wasAlreadyPresent);
    }
}

/**
 * Watches a queue's answers: `addRequests()` (what `crawler.addRequests()`, `context.addRequests()` and
 * `enqueueLinks()` all end in, batch by batch, background batches included) and `addRequest()`. Each
 * answer says per request whether the queue already had it (`wasAlreadyPresent`): that is all the
 * projection needs. Read after the queue answered, never changing what the caller gets.
 */
function watchQueue(queue: object, user: object, onLink: OnLink): void {
    const known = watched.get(queue);
    if (known) {
        known.users.add(user);
        return;
    }
    const methods = queue as QueueLike;
    const restores: (() => void)[] = [];
    const after = (result: unknown, read: (value: unknown) => void) => {
        Promise.resolve(result)
            .then((value) => safely(() => read(value)))
            .catch(() => undefined); // the caller gets the rejection; there is nothing to count
        return result;
    };
    if (typeof methods.addRequests === 'function') {
        restores.push(
            replaceMethod(
                queue,
                'addRequests',
                (original) =>
                    function (this: unknown, ...args: unknown[]) {
                        return after(original.apply(this, args), (value) => {
                            const processed = (value as { processedRequests?: unknown } | undefined)?.processedRequests;
                            if (!Array.isArray(processed)) return;
                            for (const added of processed) report(added, onLink);
                        });
                    },
            ),
        );
    }
    if (typeof methods.addRequest === 'function') {
        restores.push(
            replaceMethod(
                queue,
                'addRequest',
                (original) =>
                    function (this: unknown, ...args: unknown[]) {
                        const result = original.apply(this, args);
                        // A list of URLs to fetch (`requestsFromUrl`) is added through addRequests(): counted there.
                        const fromUrl = typeof args[0] === 'object' && args[0] !== null && 'requestsFromUrl' in args[0];
                        return fromUrl ? result : after(result, (value) => report(value, onLink));
                    },
            ),
        );
    }
    const restore = () => {
        for (const undo of restores.reverse()) undo();
    };
    watched.set(queue, { restore, users: new Set([user]) });
}

function unwatchQueue(queue: object, user: object): void {
    const entry = watched.get(queue);
    if (!entry?.users.delete(user) || entry.users.size > 0) return;
    entry.restore();
    watched.delete(queue);
}

/**
 * Follows the links `crawler` adds to its request queue, with no change to its handlers: `onLink` is
 * told, per link, whether the queue already had the page. The queue is opened lazily by Crawlee
 * (`getRequestQueue()`, at the first `addRequests()`, `run()` or `enqueueLinks()`, and again after a
 * second `run()` purged it), so every queue that method hands out is watched before its caller gets it.
 * A queue the author passes to `enqueueLinks({ requestQueue })` by hand is not the crawl's: not watched.
 * Returns the function that stops following.
 */
export function watchLinks(crawler: object, onLink: OnLink): () => void {
    const queues = new Set<object>();
    const watch = (queue: unknown) => {
        if (typeof queue !== 'object' || queue === null || queues.has(queue)) return;
        queues.add(queue);
        watchQueue(queue, crawler, onLink);
    };
    const restores: (() => void)[] = [];
    if (typeof (crawler as { getRequestQueue?: unknown }).getRequestQueue === 'function') {
        restores.push(
            replaceMethod(
                crawler,
                'getRequestQueue',
                (original) =>
                    function (this: unknown, ...args: unknown[]) {
                        const result = original.apply(this, args);
                        // Watched before the caller's own `await` resumes: before it adds anything.
                        return Promise.resolve(result).then((queue) => {
                            safely(() => watch(queue));
                            return queue;
                        });
                    },
            ),
        );
    }
    safely(() => watch((crawler as { requestQueue?: unknown }).requestQueue));
    return () => {
        for (const restore of restores.reverse()) restore();
        for (const queue of queues) unwatchQueue(queue, crawler);
        queues.clear();
    };
}
