import type { ProgressSnapshot, TerminalStatus } from '../counting/snapshot.js';
import { publishedEndReason } from './end-reason.js';

export { MAX_END_REASON_LENGTH } from './end-reason.js';

/**
 * The pieces every message is put together from: the separator, the terminal heads, the items
 * saved, the end reason.
 */

/** Between the parts of a message: "40 of 60 pages done · 3 failed · 310/min". */
export const SEPARATOR = ' · ';

/** The parts of a message that say something, joined: "40 of 60 pages done · 3 failed". */
export function joinParts(parts: readonly (string | undefined)[]): string {
    return parts.filter((part): part is string => Boolean(part)).join(SEPARATOR);
}

/** How a terminal message begins, by the way the run ended: "Aborted: ...". */
export const TERMINAL_HEADS: Readonly<Record<TerminalStatus, string>> = {
    finished: 'Finished',
    failed: 'Failed',
    aborted: 'Aborted',
    'timed-out': 'Time limit reached',
};

/**
 * "1,450 items"; "1,450 saved" when the run's own unit is already items ("40 of 60 items done ·
 * 30 saved" rather than "... · 30 items"). Undefined when nothing was saved.
 */
export function itemsPart(snapshot: ProgressSnapshot, count: (value: number) => string): string | undefined {
    const { items, unit } = snapshot;
    if (!(items > 0)) return undefined;
    if (unit[1] === 'items') return `${count(items)} saved`;
    return `${count(items)} ${items === 1 ? 'item' : 'items'}`;
}

/**
 * Why the run failed or was aborted (the end reason), as the progress document has it too: one
 * line, shortened, URLs' credentials and query values and home directories scrubbed
 * (`publishedEndReason`); undefined when there is none.
 */
export function shortEndReason(snapshot: ProgressSnapshot): string | undefined {
    return snapshot.reason ? publishedEndReason(snapshot.reason) : undefined;
}
