/** A status message as the run's page lists it. */
export interface TimelineEntry {
    /** 1 for the run's first message, 2 for the next...: a page that has message n skips it when sent again. */
    n: number;
    /** When it landed, ms since the epoch. */
    at: number;
    text: string;
    terminal: boolean;
}

const TIMELINE_CAPACITY = 100;

/**
 * The status messages that landed, newest kept: a day-long run sends thousands, the page lists the
 * last `capacity` and says how many earlier ones it left out. Pure.
 */
export class MessageTimeline {
    readonly #capacity: number;
    readonly #entries: TimelineEntry[] = [];
    #omitted = 0;

    constructor(capacity = TIMELINE_CAPACITY) {
        this.#capacity = capacity;
    }

    /** Keeps a message that landed; returns it numbered. */
    add(message: Omit<TimelineEntry, 'n'>): TimelineEntry {
        const entry = { n: this.#omitted + this.#entries.length + 1, ...message };
        this.#entries.push(entry);
        if (this.#entries.length > this.#capacity) {
            this.#entries.shift();
            this.#omitted += 1;
        }
        return entry;
    }

    entries(): readonly TimelineEntry[] {
        return this.#entries;
    }

    /** Messages that landed but are no longer kept. */
    get omitted(): number {
        return this.#omitted;
    }
}
