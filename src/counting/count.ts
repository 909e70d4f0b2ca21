/** A count as the reporter takes it: a finite number, zero or more. */
export function isCount(value: unknown): value is number {
    return typeof value === 'number' && value >= 0 && Number.isFinite(value);
}
