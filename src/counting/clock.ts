/** Where "now" comes from. Injected so that tests can drive time by hand. */
export interface Clock {
    /** Milliseconds since the epoch, like `Date.now()`. */
    now(): number;
}

/** The clock of the machine. */
export const systemClock: Clock = { now: () => Date.now() };
