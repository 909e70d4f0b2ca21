import { ApifyClient } from 'apify';
import { putBlocking } from './blocking-put.js';
import type { PlatformTarget } from './platform-target.js';
import { DeliveryError, type SendOptions, type StatusUpdate, type Transport } from './transport.js';

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

/**
 * One `PUT /v2/actor-runs/:runId` per message through apify-client, and nothing else (the SDK's
 * `Actor.setStatusMessage` adds a GET). The client is told not to retry (`maxRetries: 0`): its own
 * retries run for minutes in the background and could land a stale message after a newer one.
 */
export class ApifyApiTransport implements Transport {
    readonly name = 'Apify API';
    readonly #target: PlatformTarget;
    #client: ApifyClient | undefined;
    #clientTimeoutMs = 0;

    constructor(target: PlatformTarget) {
        this.#target = target;
    }

    get runId(): string {
        return this.#target.runId;
    }

    /**
     * apify-client takes its timeout per client, so a call with another timeout (a terminal message
     * with little time left) gets a client of its own. A retry after a broken connection also gets a
     * new client, and with it a new socket pool: a socket the server has closed is never reused.
     */
    #clientFor(timeoutMs: number, fresh: boolean): ApifyClient {
        if (!this.#client || fresh || this.#clientTimeoutMs !== timeoutMs) {
            this.#client = new ApifyClient({
                baseUrl: this.#target.baseUrl,
                token: this.#target.token,
                maxRetries: 0,
                timeoutSecs: timeoutMs / 1000,
            });
            this.#clientTimeoutMs = timeoutMs;
        }
        return this.#client;
    }

    #lastFailureWasConnection = false;

    async send(update: StatusUpdate, { timeoutMs }: SendOptions): Promise<void> {
        const client = this.#clientFor(timeoutMs, this.#lastFailureWasConnection);
        try {
            await client.run(this.#target.runId).update({
                statusMessage: update.statusMessage,
                isStatusMessageTerminal: update.isStatusMessageTerminal,
            });
            this.#lastFailureWasConnection = false;
        } catch (error) {
            const failure = classifyApiError(error);
            this.#lastFailureWasConnection = failure.statusCode === undefined;
            throw failure;
        }
    }

    /**
     * The same PUT, to the same run with the same token, made by a worker thread while this one
     * blocks (see `putBlocking`): for the moment the process exits under the reporter. Not through
     * apify-client, which cannot run on a blocked thread; the body is small JSON, never compressed.
     */
    sendSync(update: StatusUpdate, { timeoutMs }: SendOptions): void {
        const { baseUrl, runId, token } = this.#target;
        const result = putBlocking(
            {
                // apify-client's own form of the path: an id with a "/" has it replaced by "~".
                url: `${baseUrl}/v2/actor-runs/${encodeURIComponent(runId.replace('/', '~'))}`,
                token,
                body: JSON.stringify({
                    statusMessage: update.statusMessage,
                    isStatusMessageTerminal: update.isStatusMessageTerminal,
                }),
            },
            timeoutMs,
        );
        if (result.delivered) return;
        const tries = `${result.attempts} ${result.attempts === 1 ? 'try' : 'tries'}`;
        if (result.statusCode !== undefined) {
            throw new DeliveryError(`API answered ${result.statusCode} at exit (${tries})`, {
                retryable: false,
                statusCode: result.statusCode,
                kind: `http-${result.statusCode}`,
            });
        }
        throw new DeliveryError(`no answer within ${timeoutMs} ms at exit (${tries})`, {
            retryable: false,
            kind: result.timedOut ? 'timeout' : 'network',
        });
    }
}
