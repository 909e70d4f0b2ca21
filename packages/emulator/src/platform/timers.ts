/** Timers the emulator owns, so `close()` can clear every one of them and leave nothing running. */
export class Timers {
    readonly #timers = new Set<NodeJS.Timeout>();

    /** Runs `callback` after `ms`; returns a function that cancels it. */
    after(ms: number, callback: () => void): () => void {
        const timer = setTimeout(() => {
            this.#timers.delete(timer);
            callback();
        }, ms);
        this.#timers.add(timer);
        return () => {
            clearTimeout(timer);
            this.#timers.delete(timer);
        };
    }

    clearAll(): void {
        for (const timer of this.#timers) clearTimeout(timer);
        this.#timers.clear();
    }
}
