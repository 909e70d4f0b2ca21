import { plainText } from './names.js';

/** What a reason that cannot even be turned into text reads as (a revoked Proxy, say). */
const UNREADABLE_REASON = '(a reason that could not be read)';

/**
 * "Error: boom" for an Error, the text of anything else; undefined when there is nothing to say.
 * Never throws: a reason is often whatever a `catch` caught, such as an object without a prototype,
 * an error whose `name` getter throws, or a revoked Proxy, which throws at every look. Terminal
 * colour codes and bidi controls are removed (see `plainText`): a Playwright error's "Call log:"
 * comes dimmed with escape codes, which must reach no message, record or page.
 */
export function describeReason(reason: unknown): string | undefined {
    if (reason === undefined || reason === null || reason === '') return undefined;
    const readings = [
        () =>
            reason instanceof Error
                ? reason.message
                    ? `${reason.name}: ${reason.message}`
                    : reason.name
                : String(reason),
        // An Error whose `name` cannot be read may still have a message to give.
        () => (reason instanceof Error ? reason.message || undefined : undefined),
        () => JSON.stringify(reason),
        () => Object.prototype.toString.call(reason),
    ];
    for (const read of readings) {
        try {
            const text: unknown = read();
            if (typeof text === 'string') return plainText(text);
        } catch {
            // the next way of reading it
        }
    }
    return UNREADABLE_REASON;
}
