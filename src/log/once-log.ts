import type { ProgressLogger } from './logger.js';

/**
 * Logs each kind of problem once, so that an API that fails for an hour does not flood the log,
 * and removes secrets from every line: the token must never reach a log.
 */
export class OnceLog {
    readonly #log: ProgressLogger;
    readonly #secrets: string[];
    readonly #seen = new Set<string>();

    constructor(log: ProgressLogger, secrets: (string | undefined)[] = []) {
        this.#log = log;
        this.#secrets = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
    }

    redact(text: string): string {
        let clean = text;
        for (const secret of this.#secrets) clean = clean.split(secret).join('***');
        return clean;
    }

    info(message: string): void {
        try {
            this.#log.info(this.redact(message));
        } catch {
            // A log that throws must not turn a progress line into the Actor's crash.
        }
    }

    /** Logs `message` unless a warning of this `kind` was logged before. Returns whether it logged. */
    warnOnce(kind: string, message: string): boolean {
        if (this.#seen.has(kind)) return false;
        this.#seen.add(kind);
        try {
            this.#log.warning(this.redact(message));
        } catch {
            // As above: the warning is lost, the run is not.
        }
        return true;
    }
}
