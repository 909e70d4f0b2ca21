import { errorText } from '../counting/error-text.js';
import type { StatusUpdate } from '../delivery/transport.js';
import type { OnceLog } from '../log/once-log.js';
import type { LastMessage } from '../wording/document.js';

/** A message that landed as the live view and the progress record show it. */
function asLastMessage(update: StatusUpdate): LastMessage {
    return { text: update.statusMessage, terminal: update.isStatusMessageTerminal };
}

/**
 * The status messages that landed: the last one, as the Console shows it, and the listeners told of
 * every one (the features that show the run's messages listen here).
 */
export class DeliveredMessages {
    readonly #log: OnceLog;
    /** The reporter's own step for each message, before the listeners (the progress record). */
    readonly #onLanded: (update: StatusUpdate) => void;
    readonly #listeners = new Set<(update: StatusUpdate) => void>();
    #last: StatusUpdate | undefined;

    constructor(log: OnceLog, onLanded: (update: StatusUpdate) => void) {
        this.#log = log;
        this.#onLanded = onLanded;
    }

    /** The text of the last message that landed. */
    get lastText(): string | undefined {
        return this.#last?.statusMessage;
    }

    /** The last message that landed, if any. */
    lastMessage(): LastMessage | undefined {
        return this.#last && asLastMessage(this.#last);
    }

    /** Calls `listener` for every message that lands; returns the function that stops it. */
    onMessage(listener: (message: LastMessage) => void): () => void {
        const forward = (update: StatusUpdate) => listener(asLastMessage(update));
        this.#listeners.add(forward);
        return () => this.#listeners.delete(forward);
    }

    /** What the publisher calls for every message that landed. */
    landed(update: StatusUpdate): void {
        this.#last = update;
        this.#onLanded(update);
        for (const listener of this.#listeners) {
            try {
                listener(update);
            } catch (error) {
                this.#log.warnOnce('delivery-listener', `A status message listener threw: ${errorText(error)}.`);
            }
        }
    }
}
