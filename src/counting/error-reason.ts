/**
 * Why a unit failed, in a few plain words made from an error's type, code and status: "HTTP 500",
 * "blocked (HTTP 403)", "timeout", "network error (ECONNRESET)", "TypeError in the handler".
 *
 * Never the error's text: a message may hold URLs, tokens or a piece of the page. The text is only
 * matched against Crawlee's own fixed wordings (e.g. "500 - Internal Server Error: ...") to recover
 * a status code; what comes out is always one of the shapes above, built from digits and names.
 */

/** Failures counted without a reason (`fail(n)`, or a failure whose error could not be read). */
export const UNKNOWN_REASON = 'unknown';

/** Failures whose reasons were too many to keep apart (see `FailureCounts`). */
export const OTHER_REASON = 'other';

/** Status codes that say the site refuses the crawler rather than that it is broken. */
const BLOCKING_STATUSES = new Set([401, 403, 429]);

/**
 * Crawlee's wordings that carry a status code, first line only. HttpCrawler throws
 * "500 - Internal Server Error: <body>"; a session pool refusing a page "Request blocked - received
 * 403 status code."; `retryOnBlocked` "Blocked by status code 403" or "Received blocked status code:
 * 403"; got "Request failed with status code 500 (...)".
 */
const STATUS_IN_MESSAGE: readonly RegExp[] = [
    /^(\d{3}) - /,
    /^Request blocked - received (\d{3}) status code/,
    /Blocked by status code (\d{3})/,
    /Received blocked status code: (\d{3})/,
    /^Request failed with status code (\d{3})/,
];

/** Error names that are safe to show: an identifier of reasonable length, nothing else. */
const SAFE_NAME = /^[A-Za-z_$][\w$]{0,39}$/;

/** System error codes of a failed connection: ECONNRESET, ENOTFOUND, EAI_AGAIN, ... */
const NETWORK_CODE = /^E[A-Z][A-Z_]{1,20}$/;

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

interface ErrorLike {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    statusCode?: unknown;
    status?: unknown;
}

function asStatus(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

function statusWords(status: number): string {
    return BLOCKING_STATUSES.has(status) ? `blocked (HTTP ${status})` : `HTTP ${status}`;
}

function statusOf(error: ErrorLike, firstLine: string): number | undefined {
    const own = asStatus(error.statusCode) ?? asStatus(error.status);
    if (own !== undefined) return own;
    for (const pattern of STATUS_IN_MESSAGE) {
        const match = pattern.exec(firstLine);
        if (match?.[1]) return asStatus(Number(match[1]));
    }
    return undefined;
}

/**
 * The reason words for `error`: what a thrown error (a failed request's last error, or an Error
 * passed to `fail()`) says about why it failed. Anything that is not an object is `unknown`.
 */
export function failureReasonOf(error: unknown): string {
    if (typeof error !== 'object' || error === null) return UNKNOWN_REASON;
    const e = error as ErrorLike;
    const message = typeof e.message === 'string' ? e.message : '';
    const firstLine = message.split('\n', 1)[0] ?? '';
    const name = typeof e.name === 'string' && SAFE_NAME.test(e.name) ? e.name : 'Error';
    const code = typeof e.code === 'string' ? e.code : undefined;

    const status = statusOf(e, firstLine);
    if (status !== undefined) return statusWords(status);
    // Crawlee's own limit on the author's handler: the crawler's code ran too long, not the network.
    if (/^requestHandler timed out/.test(firstLine)) return 'timeout in the handler';
    if (name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code)) || /\btimed? ?out\b/i.test(firstLine)) {
        return 'timeout';
    }
    if (/\bproxy\b|\btunnel\b/i.test(firstLine)) return 'proxy error';
    if (name === 'SessionError') return 'blocked';
    if (code && NETWORK_CODE.test(code)) return `network error (${code})`;
    if (/^Resource .* served Content-Type /.test(firstLine)) return 'unsupported content type';
    return `${name} in the handler`;
}
