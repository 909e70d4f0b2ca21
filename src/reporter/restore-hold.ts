/**
 * Holds progress messages back while a previous start's counts are being read (`restoreState()`,
 * which runs in the background when the reporter is created after `Actor.init()`): a message made
 * meanwhile, because the Actor set a total, started a step or a crawler touched the reporter, would
 * say "0 pages done" on a run that resumes at 2,400. What is asked for while holding is sent once
 * the restored counts are in, or once `maxMs` has passed (a storage that hangs must not keep the
 * run silent). The terminal message and the migration notice are not held.
 */
export class RestoreHold {
    readonly #onRelease: () => void;
    #holding = false;
    #asked = false;
    #timer: NodeJS.Timeout | undefined;
    #released: Promise<void> = Promise.resolve();
    #resolve: (() => void) | undefined;

    /** `onRelease` is called once at the release when a message was asked for while holding. */
    constructor(onRelease: () => void) {
        this.#onRelease = onRelease;
    }

    /** Holds messages until `release()`, or for at most `maxMs`. */
    start(maxMs: number): void {
        if (this.#holding) return;
        this.#holding = true;
        this.#released = new Promise((resolve) => {
            this.#resolve = resolve;
        });
        this.#timer = setTimeout(() => this.release(), maxMs);
        this.#timer.unref(); // a hold never keeps the process alive by itself
    }

    /** True (and the message noted for the release) while holding; false when it may go out now. */
    defer(): boolean {
        if (!this.#holding) return false;
        this.#asked = true;
        return true;
    }

    /** Resolves once nothing is held any more. */
    get released(): Promise<void> {
        return this.#released;
    }

    /** Ends the hold, and asks for the message held back, if any. Idempotent. */
    release(): void {
        if (!this.#holding) return;
        this.#holding = false;
        clearTimeout(this.#timer);
        this.#resolve?.();
        if (this.#asked) {
            this.#asked = false;
            this.#onRelease();
        }
    }
}
