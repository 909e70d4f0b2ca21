import type { LastMessage, ProgressDocument } from '../wording/document.js';

/**
 * What the live view reads from a reporter: the reporter is the only implementation. Declared here
 * so that the live view never imports the reporter.
 */
export interface LiveViewSource {
    /**
     * The progress document now (reads the count sources, sends nothing), with the run's secrets
     * removed. Fields the document gains later (the amount charged, a projection) come with it:
     * the live view passes on whatever the document holds, and withholds what it must (see
     * `forViewers`).
     */
    document(): ProgressDocument;
    /** The last status message that landed, if any. */
    lastMessage(): LastMessage | undefined;
    /** Calls `listener` for every status message that lands; returns the function that stops it. */
    onMessage(listener: (message: LastMessage) => void): () => void;
    /** The reporter's clock: the time a message landed. */
    now(): number;
}

/** Which run the page shows: from the platform's environment, null locally. Names, never secrets. */
export interface RunIdentity {
    /** The Actor's full name ("apify/website-content-crawler") or its id. */
    actor: string | null;
    runId: string | null;
}

/** What the page needs to word things as the messages do. Configuration, never input. */
export interface PageSettings {
    locale: string;
    /** The steps' names from the `phases` option, for the list of steps. */
    phases: readonly string[];
    /** The run the page belongs to, for its heading and its tab's title. */
    run?: RunIdentity;
}
