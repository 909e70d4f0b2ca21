import { oneLine } from '../counting/names.js';
import type { ProgressDocument } from '../wording/document.js';
import { MAX_END_REASON_LENGTH } from '../wording/message-parts.js';
import { truncate } from '../wording/sanitize.js';

/** What a pay-per-event run was charged so far (the document gains it with pay-per-event). */
export interface ChargedFigures {
    totalUsd: number;
    /** null when the run has no maximum. */
    maxUsd: number | null;
    /** How many times each event was charged, by its name. */
    events: Readonly<Record<string, number>>;
}

/**
 * The progress document as the page reads it: the fields it may gain from other features are
 * optional here (absent from an older reporter's document, null when the reporter has nothing to
 * say), so the page shows them when they are there and nothing otherwise.
 */
export type LiveDocument = ProgressDocument &
    Partial<{
        /** null when the run is not pay-per-event. */
        charged: ChargedFigures | null;
        /** Where the total will likely end; null when the reporter abstains. Never below `total`. */
        projectedTotal: number | null;
        /** Seconds left by the projection (by the firm total when there is one); null when unknown. */
        projectedSecondsLeft: number | null;
    }>;

/** `user:password@` in a URL. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
/** The value of every query (and fragment) parameter: keys, tokens and signatures travel there. */
const QUERY_VALUES = /([?&#][^\s=&#?]{1,100}=)[^\s&#]+/g;
/** A home directory names a person: /home/alice/..., /Users/alice/..., C:\Users\alice\... */
const HOME_DIRECTORIES = /(?:\/home|\/Users|[A-Za-z]:\\Users)[/\\][^\s/\\]+/g;

/**
 * An end reason fit for a public page: one line, URLs without credentials or query values, home
 * directories as `~`, and no longer than the terminal message shows it (`shortEndReason`). The run's own secrets (the
 * token, the proxy password) were removed before the live view got the document.
 */
export function publicEndReason(reason: string): string {
    const scrubbed = oneLine(reason)
        .replace(URL_CREDENTIALS, '$1***@')
        .replace(QUERY_VALUES, '$1***')
        .replace(HOME_DIRECTORIES, '~');
    return truncate(scrubbed, MAX_END_REASON_LENGTH);
}

/**
 * The document as the page and `/progress.json` publish it to whoever has the URL: the reason
 * bounded and scrubbed (an error's text can be 200 KB with a partner's key in a URL), and the shared
 * request queue's id withheld (on accounts whose storages are readable by id, it opens the queue).
 * Every other field, today's and those added later, goes out as the document has it.
 */
export class ViewerDocuments {
    /** The last end reason seen and its public form: the same reason comes with every sample. */
    #endReason: { raw: string; shown: string } | undefined;

    forViewers(document: LiveDocument): LiveDocument {
        return {
            ...document,
            reason: document.reason === null ? null : this.#publicEndReason(document.reason),
            sharedQueue: document.sharedQueue === null ? null : { ...document.sharedQueue, queueId: null },
        };
    }

    #publicEndReason(raw: string): string {
        if (this.#endReason?.raw !== raw) this.#endReason = { raw, shown: publicEndReason(raw) };
        return this.#endReason.shown;
    }
}
