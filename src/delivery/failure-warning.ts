import type { OnceLog } from '../log/once-log.js';
import type { DeliveryError } from './transport.js';

/**
 * Says once per kind of failure that a message did not land, and that the Actor is not affected.
 * Giving up on the terminal message is said on its own, whatever kind of failure came before: a
 * run whose API was down must not leave "retrying" as the last word on its final message. A
 * destination that refuses every call (a token or run the API does not accept) is said once, on its
 * own: no message is sent after it, the terminal one included.
 */
export function warnDeliveryFailure(
    log: OnceLog,
    transportName: string,
    failure: DeliveryError,
    { terminal, attempt, willRetry }: { terminal: boolean; attempt: number; willRetry: boolean },
): void {
    if (failure.refused) {
        const answer = failure.message.replace(/\.+$/, '');
        log.warnOnce(
            'refused',
            `${transportName} refused ${terminal ? 'the final status message' : 'a status message'}: ${answer}. The token or the run is not accepted, so no more status messages are sent this run (not even the final one). The Actor carries on.`,
        );
        return;
    }
    const what = terminal ? 'the final status message' : 'a status message';
    const next = willRetry ? 'retrying' : terminal ? 'giving up' : 'a later update will try again';
    const kind = terminal && !willRetry ? 'terminal:gave-up' : `${terminal ? 'terminal' : 'progress'}:${failure.kind}`;
    const attempts =
        terminal && !willRetry ? `after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}` : `(attempt ${attempt})`;
    const consequence = terminal && !willRetry ? ' The run keeps the last message that landed.' : '';
    log.warnOnce(
        kind,
        `Could not post ${what} to ${transportName} ${attempts}: ${failure.message}; ${next}.${consequence} The Actor carries on.`,
    );
}
