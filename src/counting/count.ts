/** A count as the reporter takes it: a whole number, zero or more. Units are counted whole. */
export function isCount(value: unknown): value is number {
    return typeof value === 'number' && value >= 0 && Number.isSafeInteger(value);
}
