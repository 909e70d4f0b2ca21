import { oneLine } from '../counting/names.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import { truncate } from './sanitize.js';

/** Between the parts of a message: "40 of 60 pages done · 3 failed · 310/min". */
export const SEPARATOR = ' · ';

/** An error's text is shortened so that the counts, which come first, always fit. */
const MAX_REASON_LENGTH = 160;

/** Why the run failed or was aborted, shortened; undefined when there is no reason. */
export function shortReason(snapshot: ProgressSnapshot): string | undefined {
    // Made one line first, so that a stack's line breaks do not eat the room the cap leaves.
    return snapshot.reason ? truncate(oneLine(snapshot.reason), MAX_REASON_LENGTH) : undefined;
}
