/**
 * When the next progress call may start: at once the first time, then `intervalMs` after the last
 * slot (a slot is taken when it is asked for, so one skipped for urgent news still counts). Pure.
 */
export function nextSlotAt(now: number, lastSlotAt: number | undefined, intervalMs: number): number {
    return lastSlotAt === undefined ? now : Math.max(now, lastSlotAt + intervalMs);
}

/**
 * The spacing of progress calls: one slot per `intervalMs`, the first at once.
 *
 * Waiting for a slot never keeps the process alive by itself (the timer is unref'd): a script that
 * simply ends while a message waits for its slot gets `beforeExit` at once, and with it its terminal
 * message, instead of lingering up to an interval for a message the terminal one replaces anyway
 * (and counting that wait in its "in N s"). Someone awaiting the message (`flush()`) does keep the
 * process alive, through `hold()`.
 */
export class CallSlots {
    readonly #intervalMs: number;
    #lastSlotAt: number | undefined;
    #timer: NodeJS.Timeout | undefined;
    #holders = 0;

    constructor(intervalMs: number) {
        this.#intervalMs = intervalMs;
    }

    /** Waits for the next slot (taken now); over early, slot or not, when one of `signals` fires. */
    wait(signals: readonly AbortSignal[]): Promise<void> {
        const now = Date.now();
        const at = nextSlotAt(now, this.#lastSlotAt, this.#intervalMs);
        this.#lastSlotAt = at;
        if (at <= now || signals.some((signal) => signal.aborted)) return Promise.resolve();
        return new Promise<void>((resolve) => {
            const done = () => {
                clearTimeout(timer);
                if (this.#timer === timer) this.#timer = undefined;
                for (const signal of signals) signal.removeEventListener('abort', done);
                resolve();
            };
            const timer = setTimeout(done, at - now);
            if (this.#holders === 0) timer.unref();
            this.#timer = timer;
            for (const signal of signals) signal.addEventListener('abort', done);
        });
    }

    /** Keeps the process alive while a slot is awaited, until the returned function is called. */
    hold(): () => void {
        this.#holders++;
        this.#timer?.ref();
        let released = false;
        return () => {
            if (released) return;
            released = true;
            this.#holders--;
            if (this.#holders === 0) this.#timer?.unref();
        };
    }
}
