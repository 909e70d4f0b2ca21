import { currentExitCode, exitFacts, outcomeOfExitCode } from './exit-outcome.js';
import type { ExitContext, LifecycleHost, LifecycleSettings } from './types.js';

/**
 * An Actor that never calls `Actor.exit()` ends when Node runs out of work: `beforeExit` is the last
 * moment to speak. Sending the message gives Node work again; once it is done `beforeExit` comes
 * back, finds the reporter ended, and the process exits with its own code. Not emitted on
 * `process.exit()` or a crash: other handlers cover those.
 */
export function handleBeforeExit(
    host: LifecycleHost,
    context: ExitContext,
    settings: Pick<LifecycleSettings, 'completed'>,
): () => void {
    const listener = () => {
        if (host.ended || host.status === 'migrating') return;
        void host.end(outcomeOfExitCode(currentExitCode(), exitFacts(context, settings)));
    };
    process.on('beforeExit', listener);
    return () => {
        process.off('beforeExit', listener);
    };
}
