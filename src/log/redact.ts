/**
 * A copy of `value` with `redact` applied to every string in it, however deep: for plain data that
 * is made public (the progress record, the live view's snapshot), so that no field, today's or one
 * added later, can carry a secret out. Arrays and plain objects are copied (their keys, the
 * document's own field names, are kept); numbers, booleans and null are kept as they are.
 */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
    if (typeof value === 'string') return redact(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, redact)) as T;
    if (typeof value === 'object' && value !== null) {
        const prototype = Object.getPrototypeOf(value);
        if (prototype !== Object.prototype && prototype !== null) return value;
        const copy: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(value)) copy[key] = redactStrings(field, redact);
        return copy as T;
    }
    return value;
}
