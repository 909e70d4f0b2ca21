import type { ProgressDocument } from '../wording/document.js';
import { publishedEndReason, scrubbedText } from '../wording/end-reason.js';

/**
 * An end reason fit for a public page: one line, URLs without credentials or query values, home
 * directories as `~`, and no longer than the terminal message shows it. The wording already gives
 * the document's reason so (`shortEndReason`); the live view applies the rule again, a second
 * guard for a document made some other way. The run's own secrets (the token, the proxy password)
 * were removed before the live view got the document.
 */
export function publicEndReason(reason: string): string {
    return publishedEndReason(reason);
}

/**
 * A status message fit for a public page: URLs without credentials or query values, home
 * directories as `~`. The built-in wording's messages are so already; an author's own `format` may
 * put the whole error in (it goes to the Console as the author wrote it, not to the page).
 */
export function publicMessage(text: string): string {
    return scrubbedText(text);
}

/** Scrubs `raw` once: the same reason and message come with every sample. */
class Remembered {
    readonly #scrub: (raw: string) => string;
    #last: { raw: string; shown: string } | undefined;

    constructor(scrub: (raw: string) => string) {
        this.#scrub = scrub;
    }

    of(raw: string | null): string | null {
        if (raw === null) return null;
        if (this.#last?.raw !== raw) this.#last = { raw, shown: this.#scrub(raw) };
        return this.#last.shown;
    }
}

/**
 * The document as the page and `/progress.json` publish it to whoever has the URL: the reason
 * bounded and scrubbed and the message scrubbed (an error's text can be 200 KB with a partner's key
 * in a URL), and the shared request queue's id withheld (on accounts whose storages are readable by
 * id, it opens the queue). Every other field, today's and those added later, goes out as the
 * document has it.
 */
export class ViewerDocuments {
    readonly #reason = new Remembered(publicEndReason);
    readonly #message = new Remembered(publicMessage);

    forViewers(document: ProgressDocument): ProgressDocument {
        return {
            ...document,
            reason: this.#reason.of(document.reason),
            message: this.#message.of(document.message),
            sharedQueue: document.sharedQueue === null ? null : { ...document.sharedQueue, queueId: null },
        };
    }
}
