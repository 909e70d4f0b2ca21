import { oneLine } from '../counting/names.js';
import type { ProgressDocument } from '../wording/document.js';
import { MAX_END_REASON_LENGTH } from '../wording/message-parts.js';
import { truncate } from '../wording/sanitize.js';

/** `user:password@` in a URL. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
/** The value of every query (and fragment) parameter: keys, tokens and signatures travel there. */
const QUERY_VALUES = /([?&#][^\s=&#?]{1,100}=)[^\s&#]+/g;
/** A home directory names a person: /home/alice/..., /Users/alice/..., C:\Users\alice\... */
const HOME_DIRECTORIES = /(?:\/home|\/Users|[A-Za-z]:\\Users)[/\\][^\s/\\]+/g;

/**
 * An end reason fit for a public page: one line, URLs without credentials or query values, home
 * directories as `~`, and no longer than the terminal message shows it (`shortEndReason`). The
 * run's own secrets (the token, the proxy password) were removed before the live view got the
 * document.
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

    forViewers(document: ProgressDocument): ProgressDocument {
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
