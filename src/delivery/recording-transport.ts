import type { SendOptions, StatusUpdate, Transport } from './transport.js';

export interface RecordedUpdate extends StatusUpdate {
    /** Value of the clock passed to the recorder (Date.now by default) when the update was sent. */
    at: number;
    attempt: number;
}

/** Keeps every update in memory, for tests. */
export class RecordingTransport implements Transport {
    readonly name = 'recorder';
    readonly updates: RecordedUpdate[] = [];
    readonly #now: () => number;

    constructor(now: () => number = Date.now) {
        this.#now = now;
    }

    async send(update: StatusUpdate, options: SendOptions): Promise<void> {
        this.sendSync(update, options);
    }

    sendSync(update: StatusUpdate, { attempt }: SendOptions): void {
        this.updates.push({ ...update, at: this.#now(), attempt });
    }

    /** The texts sent, in order. */
    get messages(): string[] {
        return this.updates.map((update) => update.statusMessage);
    }
}
