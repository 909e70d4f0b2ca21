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

/**
 * A URL with a scheme, to the end of its word. Its user and password are what comes between `://`
 * and an `@` before the first `/` (`postgres://u:secret@db/x`), or, further on, the last `@` before
 * its query whose next part names a host (a dot, a port or `localhost`): so that a password holding
 * `@` or `/` goes whole, and `https://medium.com/@alice/post` keeps its path.
 */
const URLS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]+)/gi;
const HOST_AFTER_AT = /@(?=(?:localhost|\[[0-9a-f:.]+\]|[\w-]+(?:\.[\w-]+)+|[\w-]+:\d+)(?:[:/?#]|$))/gi;
/** `user:password@host` with no scheme (a proxy URL as some libraries write it). */
const BARE_CREDENTIALS = /(?<![\w/:.@-])[\w.%+-]+:[^\s@/'"<>]+@(?=[\w-]+(?:\.[\w-]+)+)/g;
/**
 * The value of every query (and fragment) parameter: keys, tokens and signatures travel there. It
 * ends where a URL ends in text: at a space, a quote, a comma, a semicolon or a bracket.
 */
const QUERY_VALUES = /([?&#][^\s=&#?"'<>]{1,100}=)[^\s&#"'<>),;\]]+/g;
/** A token given in an `Authorization` header's form: a word of 16 characters or more, or with a digit. */
const AUTHORIZATION = /\b(Bearer|Basic)\s+(?=[\w.~+/=-]*\d|[\w.~+/=-]{16})[\w.~+/=-]+/g;
/** An Apify API token, whoever's it is (the run's own is redacted before). */
const APIFY_TOKENS = /\bapify_api_[A-Za-z0-9]+/g;
/**
 * A home directory names a person: /home/alice/..., /Users/alice/..., C:\Users\alice\... As a path
 * of its own (after a space, a quote, a bracket or `file://`), never a URL's path
 * (`https://shop.example/home/sale` stays as it is).
 */
const HOME_DIRECTORIES = /(?<=^|[\s([{'"`=,;]|file:\/\/)(?:\/home|\/Users|[A-Za-z]:\\Users)[/\\][^\s/\\'"`)]+/g;

/** A URL's text with its user and password replaced. */
function withoutCredentials(scheme: string, rest: string): string {
    const beforeQuery = rest.search(/[?#]/);
    const head = beforeQuery === -1 ? rest : rest.slice(0, beforeQuery);
    const authority = head.split('/')[0] ?? '';
    let last = authority.lastIndexOf('@');
    for (const match of head.matchAll(HOST_AFTER_AT)) last = Math.max(last, match.index);
    return last === -1 ? `${scheme}${rest}` : `${scheme}***${rest.slice(last)}`;
}

/**
 * `text` with the user and password of every URL, the values of its query parameters, tokens in an
 * `Authorization` header's form or Apify's, and home directories (`/home/alice/...` as `~/...`)
 * replaced: what an error's text often holds and a reader of the run's progress has no business
 * seeing. The rest stays as it was: a status code, a URL's host and path are what the reader needs.
 */
export function scrubbedText(text: string): string {
    return text
        .replace(URLS, (_all, scheme: string, rest: string) => withoutCredentials(scheme, rest))
        .replace(BARE_CREDENTIALS, '***@')
        .replace(QUERY_VALUES, '$1***')
        .replace(AUTHORIZATION, '$1 ***')
        .replace(APIFY_TOKENS, 'apify_api_***')
        .replace(HOME_DIRECTORIES, '~');
}

/**
 * An end reason as it is published: one line, scrubbed (`scrubbedText`), at most
 * `MAX_END_REASON_LENGTH` characters. Scrubbed before it is cut, so that a cut never leaves half a
 * URL that the scrub no longer recognises.
 */
export function publishedEndReason(reason: string): string {
    return truncate(scrubbedText(oneLine(reason)), MAX_END_REASON_LENGTH);
}
