import type { ProgressDocument } from '../wording/document.js';
import type { MessageKind } from './timeline.js';

/** As in the messages: a run whose counts have not moved for a minute has stalled. */
export const STALL_MS = 60_000;
/** A burst of failures: at least this many since the last message... */
const BURST_MIN_FAILURES = 3;
/** ...and at least this share of the units handled since then. */
const BURST_SHARE = 0.2;

/** The counts of the whole run, every step included: a step's own counts start again at 0. */
export function wholeRunCounts(doc: ProgressDocument): { handled: number; failed: number } {
    let handled = doc.done + doc.failed;
    let failed = doc.failed;
    for (const phase of doc.completedPhases) {
        handled += phase.done + phase.failed;
        failed += phase.failed;
    }
    return { handled, failed };
}

interface Moment {
    status: ProgressDocument['status'];
    step: string | null;
    handled: number;
    failed: number;
}

/**
 * Tells what each status message marks, from the run's documents: the live view shows it every
 * sample (to see when the counts last moved) and asks at each message that lands. Pure: time comes
 * with the documents.
 */
export class MessageMarks {
    #previous: Moment | undefined;
    #handled = -1;
    #movedAt = 0;
    #inStall = false;

    /** Takes note of a sample: the counts moved, or not, at `at`. */
    observe(doc: ProgressDocument, at: number): void {
        const { handled } = wholeRunCounts(doc);
        if (handled !== this.#handled) {
            this.#handled = handled;
            this.#movedAt = at;
        }
    }

    /** What the message that lands at `at` marks, `doc` being the run at that moment. */
    kindOf(doc: ProgressDocument, at: number, terminal: boolean): MessageKind {
        this.observe(doc, at);
        const { handled, failed } = wholeRunCounts(doc);
        const moment: Moment = { status: doc.status, step: doc.phase?.name ?? null, handled, failed };
        const previous = this.#previous;
        this.#previous = moment;
        const running = doc.status === 'running';
        const stalled = running && at - this.#movedAt >= STALL_MS;
        const stallBegins = stalled && !this.#inStall;
        const stallEnds = !stalled && this.#inStall;
        this.#inStall = stalled;

        if (terminal) return 'terminal';
        if (!previous) return 'start';
        if (moment.step !== previous.step) return 'step';
        if (doc.status === 'migrating' && previous.status !== 'migrating') return 'migrating';
        if (stallBegins) return 'stall';
        if (stallEnds && running) return 'resumed';
        const newFailures = failed - previous.failed;
        const newHandled = handled - previous.handled;
        if (newFailures >= BURST_MIN_FAILURES && newFailures >= BURST_SHARE * newHandled) return 'failures';
        return 'progress';
    }
}
