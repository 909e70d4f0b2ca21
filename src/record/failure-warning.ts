import type { DeliveryError } from '../delivery/transport.js';
import type { OnceLog } from '../log/once-log.js';

/** Says once per kind of failure that the progress record was not written, and that the Actor is not affected. */
export function warnRecordFailure(
    log: OnceLog,
    where: { storeName: string; key: string },
    failure: DeliveryError,
    { final, attempt, willRetry }: { final: boolean; attempt: number; willRetry: boolean },
): void {
    const what = final ? `the final progress record ${where.key}` : `the progress record ${where.key}`;
    const next = willRetry
        ? 'retrying'
        : !failure.retryable
          ? 'no more record writes this run'
          : final
            ? 'giving up'
            : 'the next change will try again';
    log.warnOnce(
        `record:${failure.kind}`,
        `Could not write ${what} to ${where.storeName} (attempt ${attempt}): ${failure.message}; ${next}. Status messages and the Actor carry on.`,
    );
}
