import { replaceMethod } from '../shared/replace-method.js';
import type { QueueLike } from './queue-shape.js';

/** Requests whose marks are remembered, so that a retried mark is not counted twice: a few, never all. */
const RECENT_MARKS = 1_000;

/**
 * Counts the requests this run asks its queue to mark handled (`markRequestHandled`: succeeded, failed
 * for good, or skipped), each when its call starts. Crawlee marks a request handled in the queue
 * first and counts it in its statistics once that call has returned; a reading of the queue can be
 * answered in between, with the request in it and not yet in the statistics. Counted at the start of
 * the call, a mark is in this count before the API can have counted it: what was marked after an
 * answer arrived cannot be in it, and is never counted twice. A mark retried after a timeout is
 * counted once (the latest request ids are remembered, a bounded few).
 */
export class HandledMarks {
    #count = 0;
    readonly #recent = new Set<string>();
    readonly #restore: () => void;

    constructor(queue: QueueLike) {
        if (typeof queue.markRequestHandled !== 'function') {
            this.#restore = () => {};
            return;
        }
        const marks = this;
        this.#restore = replaceMethod(
            queue,
            'markRequestHandled',
            (original) =>
                function (this: unknown, ...args: unknown[]) {
                    marks.#see(args[0]);
                    return original.apply(this, args);
                },
        );
    }

    /** Marks started so far. */
    get count(): number {
        return this.#count;
    }

    /** Gives the queue's method back. Idempotent. */
    release(): void {
        this.#restore();
    }

    #see(request: unknown): void {
        const id = (request as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') {
            if (this.#recent.has(id)) return;
            this.#recent.add(id);
            if (this.#recent.size > RECENT_MARKS) this.#recent.delete(this.#recent.values().next().value as string);
        }
        this.#count += 1;
    }
}
