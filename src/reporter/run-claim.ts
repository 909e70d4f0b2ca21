import { ApifyApiTransport } from '../delivery/apify-transport.js';
import { claimRun } from '../delivery/run-claims.js';
import type { Transport } from '../delivery/transport.js';

/**
 * One writer per run: a reporter posting through the Apify API claims the run, and a second one
 * is refused at once, with the reason, rather than fight the first one in the Console. Freed
 * once the owner's terminal message is settled. Other transports claim nothing.
 *
 * Returns the function that frees the claim, or undefined when there is nothing to claim.
 */
export function claimRunFor(transport: Transport, owner: object): (() => void) | undefined {
    if (!(transport instanceof ApifyApiTransport)) return undefined;
    const release = claimRun(transport.runKey, owner);
    if (release) return release;
    throw new Error(
        `actor-progress: another ProgressReporter already reports to run ${transport.runId} through the Apify API. A run has one status message: two reporters would overwrite each other and both send a terminal message. Use one reporter per run (attach every crawler to it), end the first one (finish, abort or end) before creating the next, or give this one a transport of its own.`,
    );
}
