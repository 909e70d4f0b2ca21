import type { ProgressSnapshot } from '../counting/snapshot.js';
import { type LastMessage, type ProgressDocument, toProgressDocument } from '../wording/document.js';

/** The progress document as the progress record holds it: public data, with the run's secrets removed. */
export function publicProgressDocument(
    snapshot: ProgressSnapshot,
    last: LastMessage | undefined,
    redact: (text: string) => string,
): ProgressDocument {
    const document = toProgressDocument(snapshot, last);
    // Public data: the token never shows, even in an author's own words.
    const redactText = (text: string | null) => (text === null ? null : redact(text));
    return { ...document, message: redactText(document.message), reason: redactText(document.reason) };
}
