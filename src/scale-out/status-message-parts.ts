import type { FailureCount } from '../counting/snapshot.js';

/** Pieces of a status message read back by a parent: numbers as they are written, and failure reasons. */

/** A count as the wording writes it: "1,204", "1.204", "1 204", or "12". */
export const NUMBER = String.raw`(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)`;
export const toNumber = (text: string) => Number(text.replace(/[^\d]/g, ''));

/** The text inside the brackets that open at `start`, brackets within it kept: "HTTP 500, blocked: HTTP 403". */
function bracketed(text: string, start: number): string | undefined {
    let depth = 0;
    for (let index = start; index < text.length; index++) {
        const char = text[index];
        if (char === '(') depth += 1;
        else if (char === ')' && --depth === 0) return text.slice(start + 1, index);
    }
    return undefined;
}

/** Splits "2 × HTTP 500, 1 × blocked: HTTP 403" at the commas outside brackets. */
function topLevelItems(text: string): string[] {
    const items: string[] = [];
    let depth = 0;
    let from = 0;
    for (let index = 0; index < text.length; index++) {
        const char = text[index];
        if (char === '(') depth += 1;
        else if (char === ')') depth -= 1;
        else if (char === ',' && depth === 0 && text[index + 1] === ' ') {
            items.push(text.slice(from, index));
            from = index + 2;
        }
    }
    items.push(text.slice(from));
    return items;
}

/**
 * Why units failed, from the brackets after "N failed" (or "N failed here"): "(HTTP 500)" is every
 * failure, "(2 × HTTP 500, 1 × timeout)" each, "(mostly HTTP 429)" at least half of them (what is not
 * said stays unknown). Undefined when the message names no reason.
 */
export function failuresIn(message: string, failed: number): FailureCount[] | undefined {
    const match = new RegExp(String.raw`${NUMBER} failed(?: here)? \(`).exec(message);
    if (!match) return undefined;
    const inside = bracketed(message, match.index + match[0].length - 1);
    if (!inside) return undefined;
    const mostly = /^mostly (.+)$/.exec(inside);
    if (mostly?.[1]) return [{ reason: mostly[1], count: Math.ceil(failed / 2) }];
    const items = topLevelItems(inside);
    const counted = items.map((item) => new RegExp(`^${NUMBER} × (.+)$`).exec(item));
    if (items.length === 1 && !counted[0]) return [{ reason: inside, count: failed }];
    const failures: FailureCount[] = [];
    for (const each of counted) {
        if (each?.[1] === undefined || each[2] === undefined) return undefined; // not our wording
        failures.push({ reason: each[2], count: toNumber(each[1]) });
    }
    return failures;
}
