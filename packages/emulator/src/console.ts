import { isTerminalBody } from './faults.js';
import type { StatusMessageRecord } from './types.js';

/**
 * What one run's Console showed: the status messages accepted for it, in the order they were applied,
 * and the platform's own last message when the run ended without a terminal one.
 */
export class RunConsole {
    readonly #messages: StatusMessageRecord[] = [];
    #terminalAccepted = false;

    get statusMessages(): readonly StatusMessageRecord[] {
        return this.#messages;
    }

    /** Whether a terminal message was accepted: later PUTs are flagged `afterTerminal`. */
    get terminalAccepted(): boolean {
        return this.#terminalAccepted;
    }

    /** An accepted status update was applied; `terminal` is the run's flag after it. */
    applied(at: number, body: unknown, terminal: boolean): void {
        const message = (body as { statusMessage?: unknown } | undefined)?.statusMessage;
        if (typeof message === 'string') this.#messages.push({ at, message, terminal });
        if (isTerminalBody(body)) this.#terminalAccepted = true;
    }

    /** The platform replaced a non-terminal message when the run ended. */
    platformMessage(at: number, message: string): void {
        this.#messages.push({ at, message, terminal: true, byPlatform: true });
    }
}
