/** "Error: boom" for an Error, the text of anything else; undefined when there is nothing to say. */
export function describeReason(reason: unknown): string | undefined {
    if (reason === undefined || reason === null || reason === '') return undefined;
    if (reason instanceof Error) return reason.message ? `${reason.name}: ${reason.message}` : reason.name;
    return String(reason);
}
