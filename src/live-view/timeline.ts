/**
 * What a status message marks in the run: most are plain progress lines, near-identical; the page
 * keeps the others in view and folds the plain ones.
 */
export type MessageKind =
    /** The run's first message. */
    | 'start'
    /** A new step began. */
    | 'step'
    /** The counts stopped moving for a minute or more. */
    | 'stall'
    /** They moved again after a stall. */
    | 'resumed'
    /** The run is moving to another server. */
    | 'migrating'
    /** Many more units failed since the last message. */
    | 'failures'
    /** The last message of the run. */
    | 'terminal'
    | 'progress';

/** A status message as the run's page lists it. */
export interface TimelineEntry {
    /**
     * 1 for the run's first message, 2 for the next...: a page that has message n skips it when sent
     * again, and a gap in the numbers is the messages folded there.
     */
    n: number;
    /** When it landed, ms since the epoch. */
    at: number;
    text: string;
    terminal: boolean;
    kind: MessageKind;
}

/** The messages that matter kept at most: a day-long run with a spike every few minutes stays bounded. */
const MARKED_CAPACITY = 40;

/**
 * The status messages that landed, as the page shows them: the latest one, and the last
 * `capacity` of those that mark something (a step, a stall, a migration, a burst of failures, the
 * end). The plain progress lines between them are counted, not kept: a day-long run sends
 * thousands of them, and the chart shows what they said. Pure.
 */
export class MessageTimeline {
    readonly #capacity: number;
    readonly #marked: TimelineEntry[] = [];
    #latest: TimelineEntry | undefined;
    #count = 0;

    constructor(capacity = MARKED_CAPACITY) {
        this.#capacity = capacity;
    }

    /** Keeps a message that landed; returns it numbered. */
    add(message: Omit<TimelineEntry, 'n'>): TimelineEntry {
        this.#count += 1;
        const entry = { n: this.#count, ...message };
        this.#latest = entry;
        if (entry.kind !== 'progress') {
            this.#marked.push(entry);
            if (this.#marked.length > this.#capacity) this.#marked.shift();
        }
        return entry;
    }

    /** The messages kept, oldest first: those that mark something, and the latest. */
    entries(): readonly TimelineEntry[] {
        const latest = this.#latest;
        if (!latest || this.#marked.at(-1) === latest) return this.#marked;
        return [...this.#marked, latest];
    }

    /** Messages that landed in all. */
    get count(): number {
        return this.#count;
    }
}
