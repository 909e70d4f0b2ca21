import { plainText } from './names.js';

/** What a thrown value that cannot even be turned into text reads as (a revoked Proxy, say). */
const UNREADABLE_TEXT = '(a reason that could not be read)';

/**
 * The text of whatever was thrown, or given as the reason a run ended (`abort(reason)`): "Error:
 * boom" for an Error, the text of anything else; undefined when there is nothing to say. Not a
 * failure reason (`failureReasonOf`: a few safe words, never the error's text), nor a value
 * description (`describeValue` in shared/: a bad argument named in an error).
 *
 * Never throws: a thrown value is often whatever a `catch` caught, such as an object without a
 * prototype, an error whose `name` getter throws, or a revoked Proxy, which throws at every look.
 * Terminal colour codes and bidi controls are removed (see `plainText`): a Playwright error's "Call
 * log:" comes dimmed with escape codes, which must reach no message, record or page.
 */
export function errorText(thrown: unknown): string | undefined {
    if (thrown === undefined || thrown === null || thrown === '') return undefined;
    const readings = [
        () =>
            thrown instanceof Error
                ? thrown.message
                    ? `${thrown.name}: ${thrown.message}`
                    : thrown.name
                : String(thrown),
        // An Error whose `name` cannot be read may still have a message to give.
        () => (thrown instanceof Error ? thrown.message || undefined : undefined),
        () => JSON.stringify(thrown),
        () => Object.prototype.toString.call(thrown),
    ];
    for (const read of readings) {
        try {
            const text: unknown = read();
            if (typeof text === 'string') return plainText(text);
        } catch {
            // the next way of reading it
        }
    }
    return UNREADABLE_TEXT;
}
