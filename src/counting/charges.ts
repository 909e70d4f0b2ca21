/**
 * What a pay-per-event run has charged so far, as the Apify SDK's charging manager counts it (its own
 * total, read in-process: no API call). Plain data.
 */
export interface ChargedAmount {
    /** US dollars charged so far, every event together: the SDK's own total. */
    totalUsd: number;
    /** The user's maximum total charge for the run, in US dollars; null when there is none. */
    maxUsd: number | null;
    /** How many of each event were charged so far, by event name; events not charged yet are left out. */
    events: Readonly<Record<string, number>>;
    /**
     * The maximum stopped something: a charge or a push was refused or cut by it, or the SDK said no
     * more of an event fits (`eventChargeLimitReached`), which is when a well-written Actor stops.
     */
    limitReached: boolean;
}

/** Whether two readings say the same: a charge that changed nothing is no news. */
export function sameCharged(a: ChargedAmount | null, b: ChargedAmount | null): boolean {
    if (a === null || b === null) return a === b;
    if (a.totalUsd !== b.totalUsd || a.maxUsd !== b.maxUsd || a.limitReached !== b.limitReached) return false;
    const names = Object.keys(a.events);
    return names.length === Object.keys(b.events).length && names.every((name) => a.events[name] === b.events[name]);
}
