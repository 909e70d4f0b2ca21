import { Publisher, type PublisherSettings } from '../../src/delivery/publisher.js';
import { DeliveryError, type SendOptions, type StatusUpdate, type Transport } from '../../src/delivery/transport.js';

interface PendingCall {
    update: StatusUpdate;
    options: SendOptions;
    resolve: () => void;
    reject: (error: unknown) => void;
}

/**
 * A transport whose calls stay open until the test settles them, so a test can see exactly what is
 * in flight at any moment. It also remembers the most calls it ever had open at once.
 */
export class ControlledTransport implements Transport {
    readonly name = 'controlled';
    readonly calls: PendingCall[] = [];
    #open = 0;
    maxOpen = 0;
    /** When set, every call settles at once this way instead of waiting for the test. */
    autoAnswer: 'ok' | DeliveryError | undefined;

    send(update: StatusUpdate, options: SendOptions): Promise<void> {
        this.#open++;
        this.maxOpen = Math.max(this.maxOpen, this.#open);
        return new Promise<void>((resolve, reject) => {
            const settle = (fn: () => void) => () => {
                this.#open--;
                fn();
            };
            const call: PendingCall = {
                update,
                options,
                resolve: settle(resolve),
                reject: (error) => settle(() => reject(error))(),
            };
            this.calls.push(call);
            if (this.autoAnswer === 'ok') call.resolve();
            else if (this.autoAnswer) call.reject(this.autoAnswer);
        });
    }

    get messages(): string[] {
        return this.calls.map((call) => call.update.statusMessage);
    }

    get open(): number {
        return this.#open;
    }

    last(): PendingCall {
        const call = this.calls.at(-1);
        if (!call) throw new Error('no call was made');
        return call;
    }
}

export const serverError = () =>
    new DeliveryError('API answered 500', { retryable: true, statusCode: 500, kind: 'http-500' });
export const badToken = () =>
    new DeliveryError('API answered 401', { retryable: false, statusCode: 401, kind: 'http-401', refused: true });

/** A publisher with the settings the publisher tests share: 5 s interval, 2 s timeout, 3 tries, 8 s deadline. */
export function testPublisher(
    transport: Transport,
    render: () => string,
    overrides: Partial<PublisherSettings> = {},
): Publisher {
    return new Publisher({
        transport,
        intervalMs: 5_000,
        requestTimeoutMs: 2_000,
        maxAttempts: 3,
        terminalDeadlineMs: 8_000,
        maxMessageLength: 100,
        render,
        onFailure: () => undefined,
        ...overrides,
    });
}
