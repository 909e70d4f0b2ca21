import { nextStallStepInMs } from '../counting/stall.js';

/**
 * Looks again when the stall wording would next change ("no progress for 1 min", then 2, 5, ...
 * min): nothing else asks for a message while counts stand still. Re-armed with every message,
 * so a run that moves never sees it fire; unref'd, so it never keeps a process alive.
 */
export class StallCheck {
    readonly #sinceProgressMs: () => number;
    readonly #onDue: () => void;
    #timer: NodeJS.Timeout | undefined;

    constructor(settings: { sinceProgressMs: () => number; onDue: () => void }) {
        this.#sinceProgressMs = settings.sinceProgressMs;
        this.#onDue = settings.onDue;
    }

    /** Called with every message made: re-armed while the run works, else stopped. */
    rearm(running: boolean): void {
        this.stop();
        if (!running) return;
        this.#timer = setTimeout(this.#onDue, nextStallStepInMs(this.#sinceProgressMs()));
        this.#timer.unref?.();
    }

    stop(): void {
        clearTimeout(this.#timer);
        this.#timer = undefined;
    }
}
