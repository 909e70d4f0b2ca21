import { ApifyClient } from 'apify';
import { DeliveryError, refusesEveryCall } from './transport.js';

/** Network error codes that say the connection, not the request, was the problem. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

interface ClientError {
    statusCode?: unknown;
    type?: unknown;
    code?: unknown;
    message?: unknown;
}

/** Sorts a failed call into retryable or not, with a stable kind for logging each kind once. */
export function classifyApiError(error: unknown): DeliveryError {
    const e = (typeof error === 'object' && error !== null ? error : {}) as ClientError;
    const text = typeof e.message === 'string' ? e.message : String(error);
    if (typeof e.statusCode === 'number') {
        const retryable = e.statusCode === 429 || e.statusCode >= 500;
        const type = typeof e.type === 'string' ? ` ${e.type}` : '';
        return new DeliveryError(`API answered ${e.statusCode}${type}: ${text}`, {
            retryable,
            statusCode: e.statusCode,
            kind: `http-${e.statusCode}`,
            refused: refusesEveryCall(e.statusCode),
        });
    }
    if (e.code === 'ECONNABORTED' || /timeout/i.test(text)) {
        return new DeliveryError(`API call timed out: ${text}`, { retryable: true, kind: 'timeout' });
    }
    const code = typeof e.code === 'string' ? e.code : 'network';
    return new DeliveryError(`API call failed (${code}): ${text}`, {
        retryable: true,
        kind: CONNECTION_ERRORS.has(code) ? code : 'network',
    });
}

/** apify-client's error for a 2xx answer whose body is not the JSON it expected (`{ data: ... }`). */
const NO_DATA_PROPERTY = 'Expected response object with a "data" property';

/**
 * Whether `error` is apify-client failing to read a 2xx answer (an HTML page, a body cut short,
 * invalid JSON): the API accepted the request. The client throws `InvalidResponseBodyError` (with the
 * response) for a body it cannot parse, and a plain error when the parsed body has no `data`, which
 * it checks only after a 2xx.
 */
function isUnreadableSuccess(error: unknown): boolean {
    if (!(error instanceof Error)) return false;
    if (error.name === 'InvalidResponseBodyError') {
        const status = (error as { response?: { status?: unknown } }).response?.status;
        return typeof status === 'number' && status >= 200 && status < 300;
    }
    return error.message.startsWith(NO_DATA_PROPERTY);
}

/**
 * A resource id as apify-client puts it in a URL path: its (first) "/" replaced by "~", then
 * URI-encoded. For the PUTs made without the client (see `putBlocking`).
 */
export function apiPathId(id: string): string {
    return encodeURIComponent(id.replace('/', '~'));
}

/**
 * apify-client clients for one API and token, told not to retry (`maxRetries: 0`): their own retries
 * run for minutes in the background and could land a stale write after a newer one, so the caller
 * retries instead. Shared by the status message's transport and the progress record's store.
 */
export class ApiClients {
    readonly #target: { baseUrl: string; token: string };
    #client: ApifyClient | undefined;
    #clientTimeoutMs: number | undefined;
    #lastFailureWasConnection = false;

    constructor(target: { baseUrl: string; token: string }) {
        this.#target = target;
    }

    /**
     * Runs `call` with a client whose own timeout is `clientTimeoutMs` (the client's default when
     * undefined); a failure becomes a classified `DeliveryError`. A call after a broken connection
     * gets a new client, and with it a new socket pool: a socket the server has closed is never reused.
     */
    call<T>(call: (client: ApifyClient) => Promise<T>, clientTimeoutMs?: number): Promise<T> {
        return this.#run(call, clientTimeoutMs, false) as Promise<T>;
    }

    /**
     * `call` for a write whose answer is not read (a status message, a record): a 2xx answer the client
     * cannot read (an HTML page from a proxy, invalid JSON) is the success it is, not a failure to retry.
     */
    async write(write: (client: ApifyClient) => Promise<unknown>, clientTimeoutMs?: number): Promise<void> {
        await this.#run(write, clientTimeoutMs, true);
    }

    async #run<T>(
        call: (client: ApifyClient) => Promise<T>,
        clientTimeoutMs: number | undefined,
        answerUnused: boolean,
    ): Promise<T | undefined> {
        if (!this.#client || this.#lastFailureWasConnection || this.#clientTimeoutMs !== clientTimeoutMs) {
            this.#client = new ApifyClient({
                baseUrl: this.#target.baseUrl,
                token: this.#target.token,
                maxRetries: 0,
                ...(clientTimeoutMs === undefined ? {} : { timeoutSecs: clientTimeoutMs / 1000 }),
            });
            this.#clientTimeoutMs = clientTimeoutMs;
        }
        try {
            const result = await call(this.#client);
            this.#lastFailureWasConnection = false;
            return result;
        } catch (error) {
            if (answerUnused && isUnreadableSuccess(error)) {
                this.#lastFailureWasConnection = false;
                return undefined;
            }
            const failure = classifyApiError(error);
            this.#lastFailureWasConnection = failure.statusCode === undefined;
            throw failure;
        }
    }
}
