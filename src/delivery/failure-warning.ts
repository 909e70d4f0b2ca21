import type { OnceLog } from '../log/once-log.js';
import type { DeliveryError } from './transport.js';

/** Says once per kind of failure that a message did not land, and that the Actor is not affected. */
export function warnDeliveryFailure(
    log: OnceLog,
    transportName: string,
    failure: DeliveryError,
    { terminal, attempt, willRetry }: { terminal: boolean; attempt: number; willRetry: boolean },
): void {
    const what = terminal ? 'the final status message' : 'a status message';
    const next = willRetry ? 'retrying' : terminal ? 'giving up' : 'a later update will try again';
    log.warnOnce(
        `${terminal ? 'terminal' : 'progress'}:${failure.kind}`,
        `Could not post ${what} to ${transportName} (attempt ${attempt}): ${failure.message}; ${next}. The Actor carries on.`,
    );
}
