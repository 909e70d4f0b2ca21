/**
 * Which runs a reporter already writes to through the Apify API, so that a second one is refused:
 * a run has one status message, and two writers fight over it (the Console alternates between
 * them, and each sends a terminal message). On globalThis, so that two copies of the package in one
 * process (a bundled and an installed one) still see each other's claims.
 */
const KEY = Symbol.for('actor-progress.run-claims');
const holder = globalThis as { [KEY]?: Map<string, object> };
holder[KEY] ??= new Map();
const claims: Map<string, object> = holder[KEY];

/** The key of a run: the same run id at another API is another run (a test emulator, say). */
export function runKey(baseUrl: string, runId: string): string {
    return `${baseUrl} ${runId}`;
}

/**
 * Claims `key` for `owner`. Returns the function that frees it (idempotent), or undefined when
 * another owner holds it.
 */
export function claimRun(key: string, owner: object): (() => void) | undefined {
    const holderOf = claims.get(key);
    if (holderOf !== undefined && holderOf !== owner) return undefined;
    claims.set(key, owner);
    return () => {
        if (claims.get(key) === owner) claims.delete(key);
    };
}
