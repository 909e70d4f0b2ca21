import type { FailureCounts } from '../counting/failure-counts.js';
import { failureReasonOf } from '../counting/failure-reason.js';
import { replaceMethod } from '../shared/replace-method.js';
import type { CrawlerLike } from './crawler-shape.js';
import { failedByStop } from './stop-failures.js';

interface RequestLike {
    id?: unknown;
    uniqueKey?: unknown;
}

/** The key Crawlee's statistics use for a request's job: `request.id || request.uniqueKey`. */
function jobIdOf(context: unknown): unknown {
    const request = (context as { request?: RequestLike } | undefined)?.request;
    return request?.id || request?.uniqueKey;
}

/**
 * Counts why `crawler`'s requests failed for good into `counts`, and returns the function that stops.
 * A request "failed" only because the crawl is being stopped (its browser closed under it, see
 * stop-failures.ts) gets no reason: it is handed to `cutOff` instead, for it to be left undone.
 *
 * Crawlee hands a failed request's error to `_requestFunctionErrorHandler(error, context)`, which
 * either retries the request or marks it failed with `stats.failJob(id)`. The error is noted by
 * request id while that runs, and classified only when `failJob` really counts a failure, so the
 * reasons add up to `requestsFailed` exactly. Nothing happens for a request that succeeds; a failed
 * one costs a map entry while its error is handled. The error's own object is classified, not
 * Crawlee's error tracker, whose grouping merges messages ("500 - ..." and "503 - ..." become
 * "_ - ...") and counts each error's `cause` as an error of its own.
 *
 * A Crawlee without that method (it is internal) still gets the counts; the reasons are "unknown".
 */
export function watchFailures(crawler: CrawlerLike, counts: FailureCounts, cutOff: (n: number) => void): () => void {
    const handling = new Map<unknown, unknown>();
    const restores: (() => void)[] = [];
    if (typeof (crawler as { _requestFunctionErrorHandler?: unknown })._requestFunctionErrorHandler === 'function') {
        restores.push(
            replaceMethod(
                crawler,
                '_requestFunctionErrorHandler',
                (original) =>
                    function (this: unknown, ...args: unknown[]) {
                        const [error, context] = args;
                        const id = jobIdOf(context);
                        if (id !== undefined) handling.set(id, error);
                        const result = original.apply(this, args);
                        // Over either way: a retried request never reaches failJob, so its entry goes here.
                        Promise.resolve(result)
                            .finally(() => {
                                if (handling.get(id) === error) handling.delete(id);
                            })
                            .catch(() => undefined); // Crawlee handles the rejection of `result` itself
                        return result;
                    },
            ),
        );
    }
    restores.push(
        replaceMethod(
            crawler.stats,
            'failJob',
            (original) =>
                function (this: unknown, ...args: unknown[]) {
                    const before = crawler.stats.state.requestsFailed;
                    const result = original.apply(this, args);
                    const added = crawler.stats.state.requestsFailed - before;
                    if (added <= 0) return result;
                    const error = handling.get(args[0]);
                    if (failedByStop(crawler, error)) cutOff(added);
                    else counts.add(failureReasonOf(error), added);
                    return result;
                },
        ),
    );
    return () => {
        for (const restore of restores.reverse()) restore();
        handling.clear();
    };
}
