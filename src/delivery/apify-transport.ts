import { ApiClients, apiPathId } from './api-clients.js';
import { putBlockingOrThrow } from './blocking-put.js';
import { runKey } from './claimed-runs.js';
import type { PlatformTarget } from './platform-target.js';
import type { SendOptions, StatusUpdate, Transport } from './transport.js';

export { classifyApiError } from './api-clients.js';

/** The least spacing of progress calls to the Apify API, in ms. */
export const API_MIN_INTERVAL_MS = 1_000;

/**
 * One `PUT /v2/actor-runs/:runId` per message through apify-client, and nothing else (the SDK's
 * `Actor.setStatusMessage` adds a GET). The client is told not to retry (`maxRetries: 0`): its own
 * retries run for minutes in the background and could land a stale message after a newer one.
 */
export class ApifyApiTransport implements Transport {
    readonly name = 'Apify API';
    /**
     * About one call a second, whatever `intervalSecs` says: `intervalSecs: 0` would otherwise send
     * hundreds of PUTs a second to a run (the API allows 60/s per run; the SDK's own
     * `Actor.setStatusMessage` does no throttling at all). A person reading the Console gains nothing
     * from more.
     */
    readonly minIntervalMs = API_MIN_INTERVAL_MS;
    readonly #target: PlatformTarget;
    readonly #clients: ApiClients;

    constructor(target: PlatformTarget) {
        this.#target = target;
        this.#clients = new ApiClients(target);
    }

    get runId(): string {
        return this.#target.runId;
    }

    /** The run this transport writes to, as the one-writer rule keys it (API base URL and run id). */
    get runKey(): string {
        return runKey(this.#target.baseUrl, this.#target.runId);
    }

    async send(update: StatusUpdate, { timeoutMs }: SendOptions): Promise<void> {
        // apify-client takes its timeout per client: a call with another timeout (a terminal message
        // with little time left) gets a client of its own.
        await this.#clients.write(
            (client) =>
                client.run(this.#target.runId).update({
                    statusMessage: update.statusMessage,
                    isStatusMessageTerminal: update.isStatusMessageTerminal,
                }),
            timeoutMs,
        );
    }

    /**
     * The same PUT, to the same run with the same token, made by a worker thread while this one
     * blocks (see `putBlocking`): for the moment the process exits under the reporter. Not through
     * apify-client, which cannot run on a blocked thread; the body is small JSON, never compressed.
     */
    sendSync(update: StatusUpdate, { timeoutMs }: SendOptions): void {
        const { baseUrl, runId, token } = this.#target;
        putBlockingOrThrow(
            {
                url: `${baseUrl}/v2/actor-runs/${apiPathId(runId)}`,
                token,
                body: JSON.stringify({
                    statusMessage: update.statusMessage,
                    isStatusMessageTerminal: update.isStatusMessageTerminal,
                }),
            },
            timeoutMs,
        );
    }
}
