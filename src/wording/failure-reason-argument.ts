import { failureReasonOf } from '../counting/failure-reason.js';
import { toStatusLine } from './sanitize.js';

/** The longest failure reason kept from an author's own words: a reason is a category, not a story. */
const MAX_OWN_WORDS_LENGTH = 60;

/**
 * The failure reason for what an author passed to `fail(n, reason)`: a string is taken as their own
 * words (one line, at most 60 characters), `redact`ed before it is cut, so that no piece of a secret
 * survives the cut; an Error gives only its type, code or status ("TypeError in the handler",
 * "HTTP 503"), never its message. Undefined when there is no reason, or it is neither (a number, say).
 */
export function failureReasonOfArgument(reason: unknown, redact: (text: string) => string): string | undefined {
    if (typeof reason === 'string') return toStatusLine(redact(reason), MAX_OWN_WORDS_LENGTH) || undefined;
    if (typeof reason === 'object' && reason !== null) return failureReasonOf(reason);
    return undefined;
}
