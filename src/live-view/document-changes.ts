import type { ProgressDocument } from '../wording/document.js';

/**
 * Fields an update never carries as changes: the time of the update and the time elapsed come with
 * every update on their own, and the message is in the update's list of messages (sending it in the
 * document as well sent every message twice).
 */
const CARRIED_APART = new Set(['updatedAt', 'elapsedMs', 'message', 'terminal']);

/** What changed in the document since the last update sent. */
export interface DocumentChanges {
    /** The fields whose value changed, with their new value. */
    changes?: Record<string, unknown>;
    /** Fields that went away (a document may gain fields and lose them). */
    gone?: string[];
    /**
     * The failure counts, in the order of the reasons last sent, when only the counts changed: the
     * reasons' words (up to 15 of 60 characters) go out once, not every time a unit fails.
     */
    failureCounts?: number[];
}

/**
 * The changes of the document from one update to the next, for the viewers' streams: what a page
 * needs to bring its copy up to date, and nothing it has. Each field is compared as JSON, the
 * form the page got it in.
 */
export class DocumentDiff {
    /** The JSON of each field as last sent. */
    #sent = new Map<string, string>();
    #reasons: string | undefined;

    /** Starts again from `document` as a whole (what a page gets when it connects). */
    reset(document: ProgressDocument): void {
        this.#sent.clear();
        this.#reasons = undefined;
        this.next(document);
    }

    /** The changes since the last call (or `reset`); undefined when nothing changed. */
    next(document: ProgressDocument): DocumentChanges | undefined {
        const changes: Record<string, unknown> = {};
        const gone: string[] = [];
        let failureCounts: number[] | undefined;
        let changed = false;
        const seen = new Set<string>();
        for (const [field, value] of Object.entries(document)) {
            seen.add(field);
            if (CARRIED_APART.has(field)) continue;
            const json = JSON.stringify(value ?? null);
            if (this.#sent.get(field) === json) continue;
            this.#sent.set(field, json);
            changed = true;
            if (field === 'failures') {
                const failures = document.failures;
                const reasons = JSON.stringify(failures.map((failure) => failure.reason));
                if (reasons === this.#reasons) {
                    failureCounts = failures.map((failure) => failure.count);
                    continue;
                }
                this.#reasons = reasons;
            }
            changes[field] = value ?? null;
        }
        for (const field of this.#sent.keys()) {
            if (seen.has(field)) continue;
            this.#sent.delete(field);
            gone.push(field);
            changed = true;
        }
        if (!changed) return undefined;
        return {
            ...(Object.keys(changes).length > 0 ? { changes } : {}),
            ...(failureCounts ? { failureCounts } : {}),
            ...(gone.length > 0 ? { gone } : {}),
        };
    }
}
