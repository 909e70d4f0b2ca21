import { formatProgress } from './format.js';
import type { OnceLog } from './once-log.js';
import type { ProgressSnapshot } from './snapshot.js';
import type { DeliveryError } from './transport.js';

/** "Error: boom" for an Error, the text of anything else; undefined when there is nothing to say. */
export function describeReason(reason: unknown): string | undefined {
    if (reason === undefined || reason === null || reason === '') return undefined;
    if (reason instanceof Error) return reason.message ? `${reason.name}: ${reason.message}` : reason.name;
    return String(reason);
}

/**
 * The author's `format` when given, else the built-in wording; also the built-in wording when the
 * author's function throws or returns something else than a string (said once in the log), since
 * a bug in a message must not cost the run its status.
 */
export function formatWithFallback(
    snapshot: ProgressSnapshot,
    settings: { format: ((snapshot: ProgressSnapshot) => string) | undefined; locale: string; maxLength: number },
    log: OnceLog,
): string {
    const { format, locale, maxLength } = settings;
    if (format) {
        try {
            const text = format(snapshot);
            if (typeof text === 'string') return text;
            log.warnOnce(
                'format-type',
                `The \`format\` option returned ${typeof text}, not a string; using the built-in wording.`,
            );
        } catch (error) {
            log.warnOnce(
                'format-threw',
                `The \`format\` option threw (${describeReason(error)}); using the built-in wording.`,
            );
        }
    }
    return formatProgress(snapshot, { locale, maxLength });
}

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
