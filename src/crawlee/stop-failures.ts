/**
 * Requests that "fail" only because the crawl is being stopped. On Ctrl+C Crawlee pauses its pool
 * and Playwright (or Puppeteer) closes its browsers; `autoscaledPool.abort()` tears the browsers down
 * under the pages still open. A page in flight then throws "Target page, context or browser has been
 * closed" or "net::ERR_ABORTED", and with no retry left Crawlee marks the request failed: "1 failed
 * (TargetClosedError in the handler)" for a site that never failed. Such a request was cut off, not
 * failed: it is left undone.
 */

/** What Playwright and Puppeteer name an error of a page, context or browser closed under the call. */
const CLOSED_NAMES = new Set(['TargetClosedError', 'TargetCloseError']);

/**
 * Their wordings of the same (Playwright's "Target page, context or browser has been closed",
 * "Browser has been closed"; Puppeteer's "Protocol error (...): Target closed", "Session closed",
 * "Connection closed", "Navigating frame was detached", "Navigation failed because browser has
 * disconnected!"), and Chromium's for a navigation cut off as its page closed.
 */
const CLOSED_WORDS =
    /\bTarget (?:page, context or browser has been )?closed\b|\bBrowser has been closed\b|\bbrowser has disconnected\b|\bSession closed\b|\bConnection closed\b|\bNavigating frame was detached\b|\bnet::ERR_ABORTED\b/i;

function read(error: object, field: 'name' | 'message'): unknown {
    try {
        return (error as Record<string, unknown>)[field];
    } catch {
        return undefined; // a getter that throws: nothing to tell from it
    }
}

/** Whether `error` says that the page, context or browser was closed under the request. Never throws. */
export function isClosedUnderRequest(error: unknown): boolean {
    if (typeof error !== 'object' || error === null) return false;
    const name = read(error, 'name');
    if (typeof name === 'string' && CLOSED_NAMES.has(name)) return true;
    const message = read(error, 'message');
    return typeof message === 'string' && CLOSED_WORDS.test(message.split('\n', 1)[0] ?? '');
}

/**
 * Whether the crawler's pool is being stopped: Crawlee's pause (Ctrl+C, a migration, the platform's
 * `aborting`) and `autoscaledPool.abort()` set its `isStopped` (a protected member: read defensively).
 */
export function isStopping(crawler: object): boolean {
    try {
        const pool = (crawler as { autoscaledPool?: { isStopped?: unknown } }).autoscaledPool;
        return pool?.isStopped === true;
    } catch {
        return false;
    }
}

/** A request failed for good because the crawl is being stopped: the browser was closed under it. */
export function failedByStop(crawler: object, error: unknown): boolean {
    return isStopping(crawler) && isClosedUnderRequest(error);
}
