/**
 * Which runs a reporter writes to (or wrote to) through the Apify API, so that a second one is
 * refused: a run has one status message, and two writers fight over it (the Console alternates
 * between them, and each sends a terminal message). A run whose terminal message was sent stays
 * claimed for the life of the process: nothing may follow its terminal message. On globalThis, so
 * that two copies of the package in one process (a bundled and an installed one) still see each
 * other's claims.
 */
interface Claim {
    owner: object;
    /** Its terminal message was asked for. */
    ended: boolean;
}

// The key stays as it was when this file was run-claims.ts: another copy of the package finds the map by it.
const KEY = Symbol.for('actor-progress.run-claims.v2');
const holder = globalThis as { [KEY]?: Map<string, Claim> };
holder[KEY] ??= new Map();
const claims: Map<string, Claim> = holder[KEY];

/** The key of a run: the same run id at another API is another run (a test emulator, say). */
export function runKey(baseUrl: string, runId: string): string {
    return `${baseUrl} ${runId}`;
}

/** What a claim lets its owner do. */
export interface RunClaim {
    /** Says the run's terminal message was asked for: the claim then stays for good. */
    markEnded(): void;
}

/** Why a claim was refused: another owner writes to the run, or one has ended it. */
type ClaimRefusal = 'taken' | 'ended';

/** Claims `key` for `owner`: the claim, or why it was refused. */
export function claimRun(key: string, owner: object): RunClaim | ClaimRefusal {
    const existing = claims.get(key);
    if (existing !== undefined && existing.owner !== owner) return existing.ended ? 'ended' : 'taken';
    const claim: Claim = existing ?? { owner, ended: false };
    claims.set(key, claim);
    return {
        markEnded: () => {
            claim.ended = true;
        },
    };
}
