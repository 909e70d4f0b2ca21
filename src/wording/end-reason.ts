import { oneLine } from '../counting/names.js';
import { truncate } from './sanitize.js';

/**
 * The end reason (why the run failed or was aborted) as everything the reporter publishes gives it:
 * the terminal message, the progress document (the progress record, `/progress.json`, the page).
 * An error's text can be 200 KB with a partner's key in a URL and a local path: each of those says
 * the same short, scrubbed line. The run's own secrets (the token, the proxy password) were removed
 * before (the reporter redacts the reason as it keeps it); this removes what no redaction knows.
 */

/**
 * The most of the end reason a terminal message shows: an error's text is shortened so that the
 * counts, which come first, always fit.
 */
export const MAX_END_REASON_LENGTH = 160;

/** `user:password@` in a URL. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
/** The value of every query (and fragment) parameter: keys, tokens and signatures travel there. */
const QUERY_VALUES = /([?&#][^\s=&#?]{1,100}=)[^\s&#]+/g;
/** A home directory names a person: /home/alice/..., /Users/alice/..., C:\Users\alice\... */
const HOME_DIRECTORIES = /(?:\/home|\/Users|[A-Za-z]:\\Users)[/\\][^\s/\\]+/g;

/**
 * `text` with the user and password of every URL, the values of its query parameters and home
 * directories (`/home/alice/...` as `~/...`) replaced: what an error's text often holds and a reader
 * of the run's progress has no business seeing.
 */
export function scrubbedText(text: string): string {
    return text.replace(URL_CREDENTIALS, '$1***@').replace(QUERY_VALUES, '$1***').replace(HOME_DIRECTORIES, '~');
}

/**
 * An end reason as it is published: one line, scrubbed (`scrubbedText`), at most
 * `MAX_END_REASON_LENGTH` characters. Scrubbed before it is cut, so that a cut never leaves half a
 * URL that the scrub no longer recognises.
 */
export function publishedEndReason(reason: string): string {
    return truncate(scrubbedText(oneLine(reason)), MAX_END_REASON_LENGTH);
}
