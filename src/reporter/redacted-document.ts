import type { ProgressSnapshot } from '../counting/snapshot.js';
import { redactStrings } from '../log/redact.js';
import { type LastMessage, type ProgressDocument, toProgressDocument } from '../wording/document.js';

/**
 * The progress document as the progress record holds it and the live view gets it (which scrubs it
 * further for viewers, live-view/viewer-document.ts): public data, so every string in it goes
 * through `redact` (the run's secrets removed), the author's own words and step names included.
 */
export function redactedProgressDocument(
    snapshot: ProgressSnapshot,
    last: LastMessage | undefined,
    redact: (text: string) => string,
): ProgressDocument {
    return redactStrings(toProgressDocument(snapshot, last), redact);
}
