/** The middle value (mean of the two middle ones for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
    if (values.length === 0) return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function min(values: readonly number[]): number {
    return values.length === 0 ? Number.NaN : Math.min(...values);
}

export function max(values: readonly number[]): number {
    return values.length === 0 ? Number.NaN : Math.max(...values);
}

export function fixed(value: number, digits = 1): string {
    return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function percent(ratio: number, digits = 1): string {
    if (!Number.isFinite(ratio)) return 'n/a';
    const sign = ratio >= 0 ? '+' : '';
    return `${sign}${(ratio * 100).toFixed(digits)}%`;
}
