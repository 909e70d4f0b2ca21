import type { OnceLog } from '../log/once-log.js';
import { onSdkEvents } from './sdk-events.js';
import { readSdkExit } from './sdk-exit-options.js';

/** The part of the options object the SDK hands its `exit` listeners and reads afterwards. */
interface SdkExitMessage {
    statusMessage?: string | null;
}

/**
 * Takes the user's message out of `Actor.exit(message)` / `Actor.fail(message)` once the run's
 * terminal message has been sent (or is on its way): left in the options object the SDK reads after
 * its `exit` listeners, it would be sent as a second terminal message, after ours (raced against
 * 1 ms: often lost, otherwise the Console ends on a different message than the one that was sent).
 * The SDK logs the message it sends: it is logged here instead, so it still shows in the log.
 */
export function quietSdkExitMessage(options: SdkExitMessage, log: OnceLog): void {
    readSdkExit(options); // what the user passed, kept for whoever reads it after us (the exit hook)
    if (options.statusMessage == null) return;
    log.info(`[Status message]: ${options.statusMessage}`);
    options.statusMessage = undefined;
}

const INSTALLED = Symbol.for('actor-progress.quiet-sdk-exit');

/**
 * Once a run's terminal message has been asked for, the SDK must send none after it, for as long as
 * the process lives: `reporter.finish()` followed by `Actor.exit('msg')` is what the SDK's docs show.
 * The reporter's own handlers are gone by then (they go once its terminal message is settled), so one
 * tiny `exit` listener stays for the life of the process, installed once (in any copy of this
 * package), that takes the message out. It holds nothing but `log`.
 */
export function keepSdkExitQuietAfterTerminal(log: OnceLog): void {
    const holder = globalThis as { [INSTALLED]?: true };
    if (holder[INSTALLED]) return;
    holder[INSTALLED] = true;
    onSdkEvents({
        exit: async (options) => {
            quietSdkExitMessage(options as SdkExitMessage, log);
        },
    });
}
