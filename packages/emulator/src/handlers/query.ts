import { invalidInput } from '../errors.js';

/** A numeric query parameter, checked against its bounds; `fallback` when absent. */
export function numberParam(
    query: URLSearchParams,
    name: string,
    fallback: number,
    { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = {},
): number {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
        const bounds = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
        throw invalidInput(
            `Query parameter "${name}" must be ${integer ? 'an integer' : 'a number'} ${bounds}, got "${raw}"`,
        );
    }
    return value;
}

/** A boolean query parameter as the API reads it: `true`/`1` or `false`/`0`. */
export function booleanParam(query: URLSearchParams, name: string, fallback = false): boolean {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw invalidInput(`Query parameter "${name}" must be true, false, 1 or 0, got "${raw}"`);
}

/** `offset`, `limit` and `desc` of the paginated lists. */
export function pagination(query: URLSearchParams, maxLimit = 1000): { offset: number; limit: number; desc: boolean } {
    return {
        offset: numberParam(query, 'offset', 0, { integer: true }),
        limit: numberParam(query, 'limit', maxLimit, { min: 1, max: maxLimit, integer: true }),
        desc: booleanParam(query, 'desc'),
    };
}

/** The reference's `PaginationResponse` around a page of `items`. */
export function paginated<T>(all: readonly T[], page: { offset: number; limit: number; desc: boolean }) {
    const ordered = page.desc ? [...all].reverse() : all;
    const items = ordered.slice(page.offset, page.offset + page.limit);
    return { total: all.length, offset: page.offset, limit: page.limit, desc: page.desc, count: items.length, items };
}
