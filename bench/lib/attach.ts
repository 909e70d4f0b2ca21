/**
 * `reporter.attach(crawler)` lands from another branch. Until it is merged the benchmarks fall back
 * to counting by hand and say so; typed structurally so this file compiles before and after.
 */
type Attachable = { attach?: (crawler: never) => () => void };

/** Attaches `reporter` to `crawler` when the reporter can; returns `detach`, or undefined. */
export function tryAttach(reporter: object, crawler: object): (() => void) | undefined {
    const attach = (reporter as Attachable).attach;
    if (typeof attach !== 'function') return undefined;
    return attach.call(reporter, crawler as never);
}

/** Whether this build of ProgressReporter has `attach`. */
export function canAttach(reporter: object): boolean {
    return typeof (reporter as Attachable).attach === 'function';
}
