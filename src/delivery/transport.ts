/** One status update, as the API's `PUT /v2/actor-runs/:runId` takes it. */
export interface StatusUpdate {
    statusMessage: string;
    isStatusMessageTerminal: boolean;
}

export interface SendOptions {
    /** Give up on this one call after this long; the publisher decides whether to try again. */
    timeoutMs: number;
    /** 1 for the first try of this message, 2 for the first retry, ... */
    attempt: number;
}

/**
 * Where messages go. `send` resolves when the message has landed and rejects when it has not;
 * a rejection may carry `retryable: false` to say that trying again cannot help (a bad token).
 * Transports never retry on their own: the publisher owns retries, so it also owns ordering.
 */
export interface Transport {
    /** Short name for logs: "Apify API", "log", "recorder". */
    readonly name: string;
    /**
     * The least spacing, in ms, between the starts of two progress calls (retries included) that this
     * transport needs, whatever `intervalSecs` says: a service's own limit. The terminal message and
     * the migration notice are not delayed by it. None when absent: custom transports are free.
     */
    readonly minIntervalMs?: number;
    send(update: StatusUpdate, options: SendOptions): Promise<void>;
    /**
     * The same as `send`, but blocking: returns once the message has landed, throws (a `DeliveryError`)
     * when it has not within `options.timeoutMs`. Used only when the process is exiting under the
     * reporter (`process.exit()` called directly), when nothing asynchronous can run any more.
     * Optional: a transport without it cannot deliver a terminal message at that moment.
     */
    sendSync?(update: StatusUpdate, options: SendOptions): void;
    /** Releases sockets and timers. Optional. */
    close?(): Promise<void> | void;
}

/** A failure to deliver, tagged with whether another try may succeed. */
export class DeliveryError extends Error {
    readonly retryable: boolean;
    readonly statusCode: number | undefined;
    /** A short, stable description of the kind of failure, for logging each kind once. */
    readonly kind: string;
    /**
     * The destination refuses every call, not just this one (the API refuses the token, or knows no
     * such run: 401, 403, 404): no later message can land, so none is sent.
     */
    readonly refused: boolean;

    constructor(
        message: string,
        {
            retryable,
            statusCode,
            kind,
            refused = false,
        }: { retryable: boolean; statusCode?: number; kind: string; refused?: boolean },
    ) {
        super(message);
        this.name = 'DeliveryError';
        this.retryable = retryable;
        this.statusCode = statusCode;
        this.kind = kind;
        this.refused = refused;
    }
}

/** Answers that say the API refuses the token (401, 403) or knows no such run (404): every later call would be refused too. */
export function refusesEveryCall(statusCode: number | undefined): boolean {
    return statusCode === 401 || statusCode === 403 || statusCode === 404;
}

/**
 * What any failure of a call becomes: a `DeliveryError` as it is, anything else a retryable failure
 * of `kind` (a transport or store that threw something of its own).
 */
export function asDeliveryError(error: unknown, kind: string): DeliveryError {
    if (error instanceof DeliveryError) return error;
    const text = error instanceof Error ? error.message : String(error);
    return new DeliveryError(text, { retryable: true, kind });
}
