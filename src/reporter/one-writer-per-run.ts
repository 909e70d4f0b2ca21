import { ApifyApiTransport } from '../delivery/apify-transport.js';
import { claimRun, type RunClaim } from '../delivery/claimed-runs.js';
import type { Transport } from '../delivery/transport.js';

/**
 * One writer per run: a reporter posting through the Apify API claims the run, and a second one is
 * refused at once, with the reason, rather than fight the first one in the Console, or post after
 * its terminal message: a run that had its terminal message stays claimed for the life of the
 * process. Other transports claim nothing.
 *
 * Returns the claim, or undefined when there is nothing to claim.
 */
export function claimRunOrThrow(transport: Transport, owner: object): RunClaim | undefined {
    if (!(transport instanceof ApifyApiTransport)) return undefined;
    const claim = claimRun(transport.runKey, owner);
    if (typeof claim === 'object') return claim;
    const run = transport.runId;
    if (claim === 'ended') {
        throw new Error(
            `actor-progress: run ${run} already had its terminal message from another ProgressReporter. Nothing may follow a terminal message: the Console would show this reporter's messages after the run's last word. Use one reporter for the whole run: for a run in steps, call reporter.phase(name) for each step on that one reporter (its terminal message then sums every step up); or give this one a transport of its own.`,
        );
    }
    throw new Error(
        `actor-progress: another ProgressReporter already reports to run ${run} through the Apify API. A run has one status message: two reporters would overwrite each other and both send a terminal message. Use one reporter per run (attach every crawler to it; for a run in steps, call reporter.phase(name) for each step), or give this one a transport of its own.`,
    );
}

/**
 * The run a reporter's messages go to, as the exit hooks kept after a finished run know it (see
 * lifecycle/after-finish.ts): the run it claimed through the Apify API, or one slot shared by every
 * other transport (the log, a recorder, a custom one), which cannot tell what it writes to.
 */
export function runOf(transport: Transport): string {
    return transport instanceof ApifyApiTransport ? transport.runKey : 'not through the Apify API';
}
