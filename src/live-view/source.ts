import type { ProgressSnapshot } from '../counting/snapshot.js';
import type { LastMessage } from '../wording/document.js';

/**
 * What the live view reads from a reporter: the reporter is the only implementation. Declared here
 * so that the live view never imports the reporter.
 */
export interface LiveViewSource {
    /** The current snapshot; reads the count sources, sends nothing. */
    snapshot(): ProgressSnapshot;
    /** The last status message that landed, if any. */
    lastMessage(): LastMessage | undefined;
    /** Calls `listener` for every status message that lands; returns the function that stops it. */
    onMessage(listener: (message: LastMessage) => void): () => void;
    /** The reporter's clock: the time a message landed. */
    now(): number;
}

/** What the page needs to word things as the messages do. Configuration, never input. */
export interface PageSettings {
    locale: string;
    /** The steps' names from the `phases` option, for the list of steps. */
    phases: readonly string[];
}
