/**
 * Why a unit failed, in a few plain words made from an error's type, code and status: "HTTP 500",
 * "blocked: HTTP 403", "timeout", "network error: ECONNRESET", "TypeError in the handler".
 *
 * Never the error's text: a message may hold URLs, tokens or a piece of the page. The text is only
 * matched against Crawlee's own fixed wordings (e.g. "500 - Internal Server Error: ...") to recover
 * a status code; what comes out is always one of the shapes above, built from digits and names.
 */

/** Failures counted without a reason (`fail(n)`, or a failure whose error could not be read). */
export const UNKNOWN_FAILURE_REASON = 'unknown';

/** Failures whose reasons were too many to keep apart (see `FailureCounts`). */
export const OTHER_FAILURE_REASON = 'other';

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

/**
 * System error codes of a failed connection: ECONNRESET, ENOTFOUND, EAI_AGAIN, ...; and Chromium's
 * ERR_CONNECTION_REFUSED, ... Node's own ERR_INVALID_ARG_TYPE and the like are bugs, not the network:
 * an ERR_ code counts only when Chromium's "net::" said it.
 */
const NETWORK_CODE = /^E(?!RR_)[A-Z][A-Z_]{1,20}$/;

/**
 * A system error code in an error's text, where nothing else carries it: Crawlee wraps a refused
 * connection in a `SessionError` whose text is Node's ("connect ECONNREFUSED 127.0.0.1:80"), with no
 * `code`. Node's wording puts the code after the system call; Chromium's reads "net::ERR_...". Only
 * the code is kept, never the address after it.
 */
const CODE_IN_MESSAGE: readonly RegExp[] = [
    /\b(?:connect|read|write|getaddrinfo|getnameinfo|lookup|query[A-Za-z]*|socket|send|recv) (E[A-Z][A-Z_]{1,20})\b/,
    /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|EPROTO)\b/,
    /\bnet::(ERR_[A-Z_]{2,40})\b/,
];

/** Chromium's words for a proxy that failed: the proxy, not the site, is the trouble. */
const PROXY_CODES = /^ERR_(?:PROXY|TUNNEL)_/;

/**
 * Crawlee's `SessionError` (a session retired: the site blocked it, or the connection failed) begins
 * its text with these words, and sets no `name` of its own (it stays "Error"); what went wrong follows
 * on the next line.
 */
const SESSION_ERROR_HEAD = /^Detected a session error, rotating session\.\.\. ?(?:\n|$)/;

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
    return BLOCKING_STATUSES.has(status) ? `blocked: HTTP ${status}` : `HTTP ${status}`;
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

/** The class an error was made from, when it names one: `SessionError` sets no `name` of its own. */
function constructorName(error: object): string | undefined {
    try {
        const name = (Object.getPrototypeOf(error) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
        return typeof name === 'string' && SAFE_NAME.test(name) ? name : undefined;
    } catch {
        return undefined; // a proxy object, say: no name, no throw
    }
}

/** A code from Chromium's "net::ERR_..." wording, kept apart: ERR_ codes are the network's only there. */
function codeIn(text: string): { code: string; chromium: boolean } | undefined {
    for (const pattern of CODE_IN_MESSAGE) {
        const match = pattern.exec(text);
        if (match?.[1]) return { code: match[1], chromium: match[1].startsWith('ERR_') };
    }
    return undefined;
}

/**
 * The fields of `error` that are read, each read once and never throwing: a field whose getter
 * throws (or any field of a revoked Proxy) reads as missing.
 */
function fieldsOf(error: object): ErrorLike {
    const e = error as ErrorLike;
    const read = (field: keyof ErrorLike): unknown => {
        try {
            return e[field];
        } catch {
            return undefined;
        }
    };
    return {
        name: read('name'),
        code: read('code'),
        message: read('message'),
        statusCode: read('statusCode'),
        status: read('status'),
    };
}

/**
 * The reason words for `error`: what a thrown error (a failed request's last error, or an Error
 * passed to `fail()`) says about why it failed. Anything that is not an object is `unknown`. Never
 * throws: an error whose `name` or `code` getter throws is worded from what can be read.
 */
export function failureReasonOf(error: unknown): string {
    if (typeof error !== 'object' || error === null) return UNKNOWN_FAILURE_REASON;
    const e = fieldsOf(error);
    const message = typeof e.message === 'string' ? e.message : '';
    const ownName = typeof e.name === 'string' && SAFE_NAME.test(e.name) ? e.name : undefined;
    const classNamed = constructorName(error);
    // "Error" says less than the class: a subclass that did not set a name is known by its class.
    const name = ownName === undefined || ownName === 'Error' ? (classNamed ?? ownName ?? 'Error') : ownName;
    const session = name === 'SessionError' || SESSION_ERROR_HEAD.test(message);
    // A session error's own first line only says that the session is retired: the cause comes after.
    const text = session ? message.replace(SESSION_ERROR_HEAD, '') : message;
    const firstLine = text.split('\n', 1)[0] ?? '';
    const found = typeof e.code === 'string' ? { code: e.code, chromium: false } : codeIn(text);
    const code = found?.code;

    const status = statusOf(e, firstLine);
    if (status !== undefined) return statusWords(status);
    // Crawlee's own limit on the author's handler: the crawler's code ran too long, not the network.
    if (/^requestHandler timed out/.test(firstLine)) return 'timeout in the handler';
    if (name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code)) || /\btimed? ?out\b/i.test(firstLine)) {
        return 'timeout';
    }
    if (/\bproxy\b|\btunnel\b/i.test(firstLine) || (code && PROXY_CODES.test(code))) return 'proxy error';
    if (code && (NETWORK_CODE.test(code) || found?.chromium)) return `network error: ${code}`;
    // A session retired for anything else: the site turned the crawler away (a challenge page, ...).
    if (session) return 'blocked';
    if (/^Resource .* served Content-Type /.test(firstLine)) return 'unsupported content type';
    return `${name} in the handler`;
}
