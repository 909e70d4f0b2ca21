import { isTerminalBody } from './faults.js';
import type { StatusMessageRecord, TimelineEntry } from './types.js';

/** What the emulator knows about a request once it has been handled. */
export interface HandledRequest {
    receivedAt: number;
    method: string;
    path: string;
    status: number;
    body: unknown;
    contentEncoding?: string | undefined;
    fault?: string | undefined;
}

/** The run's message after the request, as the Console shows it. */
export interface ConsoleState {
    message: string | undefined;
    terminal: boolean;
}

interface Waiter {
    predicate: (entries: readonly TimelineEntry[]) => boolean;
    resolve: () => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
}

/**
 * The recorded history of requests. Waiters are re-checked on every new entry, so `waitFor` resolves on
 * the very request that satisfies it instead of polling.
 */
export class Timeline {
    readonly #startedAt: number;
    readonly #entries: TimelineEntry[] = [];
    readonly #statusMessages: StatusMessageRecord[] = [];
    readonly #attempts = new Map<string, number>();
    readonly #waiters = new Set<Waiter>();
    #terminalAccepted = false;

    constructor(startedAt: number) {
        this.#startedAt = startedAt;
    }

    /** Milliseconds since the emulator started. */
    now(): number {
        return performance.now() - this.#startedAt;
    }

    get entries(): readonly TimelineEntry[] {
        return this.#entries;
    }

    get statusMessages(): readonly StatusMessageRecord[] {
        return this.#statusMessages;
    }

    record(request: HandledRequest, state: ConsoleState): TimelineEntry {
        const at = this.now();
        const fields = statusFields(request.body);
        const entry: TimelineEntry = {
            at,
            receivedAt: request.receivedAt,
            time: new Date(performance.timeOrigin + this.#startedAt + at).toISOString(),
            method: request.method,
            path: request.path,
            status: request.status,
            body: request.body,
            ...fields,
            attempt: this.#countAttempt(request, fields),
            currentMessage: state.message,
        };
        if (request.contentEncoding !== undefined) entry.contentEncoding = request.contentEncoding;
        if (request.fault !== undefined) entry.fault = request.fault;
        if (request.method === 'PUT' && this.#terminalAccepted) entry.afterTerminal = true;

        const accepted = request.status >= 200 && request.status < 300;
        if (accepted && request.method === 'PUT' && fields.statusMessage !== undefined) {
            this.#statusMessages.push({ at, message: fields.statusMessage, terminal: state.terminal });
        }
        if (accepted && request.method === 'PUT' && isTerminalBody(request.body)) this.#terminalAccepted = true;

        this.#entries.push(entry);
        this.#notify();
        return entry;
    }

    waitFor(predicate: (entries: readonly TimelineEntry[]) => boolean, timeoutMs: number, describe: () => string) {
        if (predicate(this.#entries)) return Promise.resolve();
        return new Promise<void>((resolve, reject) => {
            const waiter: Waiter = {
                predicate,
                resolve,
                reject,
                timer: setTimeout(() => {
                    this.#waiters.delete(waiter);
                    reject(new Error(`waitFor timed out after ${timeoutMs} ms. Timeline so far:\n${describe()}`));
                }, timeoutMs),
            };
            this.#waiters.add(waiter);
        });
    }

    /** Fails every pending `waitFor`, so a test awaiting one after `close()` gets an answer. */
    rejectWaiters(reason: string): void {
        for (const waiter of this.#waiters) {
            clearTimeout(waiter.timer);
            waiter.reject(new Error(reason));
        }
        this.#waiters.clear();
    }

    #notify(): void {
        for (const waiter of this.#waiters) {
            let satisfied: boolean;
            try {
                satisfied = waiter.predicate(this.#entries);
            } catch (error) {
                // A throwing predicate is a bug in the test: report it rather than hang until the timeout.
                this.#waiters.delete(waiter);
                clearTimeout(waiter.timer);
                waiter.reject(error as Error);
                continue;
            }
            if (satisfied) {
                this.#waiters.delete(waiter);
                clearTimeout(waiter.timer);
                waiter.resolve();
            }
        }
    }

    #countAttempt(request: HandledRequest, fields: ReturnType<typeof statusFields>): number {
        // A status-message PUT is "the same" when message and flag match: that is what a retry re-sends.
        const key =
            request.method === 'PUT' && fields.statusMessage !== undefined
                ? `PUT\n${fields.isStatusMessageTerminal === true}\n${fields.statusMessage}`
                : `${request.method}\n${request.path}\n${JSON.stringify(request.body) ?? ''}`;
        const attempt = (this.#attempts.get(key) ?? 0) + 1;
        this.#attempts.set(key, attempt);
        return attempt;
    }
}

function statusFields(body: unknown): { statusMessage?: string; isStatusMessageTerminal?: boolean } {
    if (typeof body !== 'object' || body === null) return {};
    const { statusMessage, isStatusMessageTerminal } = body as Record<string, unknown>;
    const fields: { statusMessage?: string; isStatusMessageTerminal?: boolean } = {};
    if (typeof statusMessage === 'string') fields.statusMessage = statusMessage;
    if (typeof isStatusMessageTerminal === 'boolean') fields.isStatusMessageTerminal = isStatusMessageTerminal;
    return fields;
}
