/**
 * "Error: boom" for an Error, the text of anything else; undefined when there is nothing to say.
 * Never throws: a reason is often whatever a `catch` caught, such as an object without a prototype.
 */
export function describeReason(reason: unknown): string | undefined {
    if (reason === undefined || reason === null || reason === '') return undefined;
    try {
        if (reason instanceof Error) return reason.message ? `${reason.name}: ${reason.message}` : reason.name;
        return String(reason);
    } catch {
        try {
            return JSON.stringify(reason) ?? Object.prototype.toString.call(reason);
        } catch {
            return Object.prototype.toString.call(reason);
        }
    }
}
