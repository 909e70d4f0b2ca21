import { Actor, log } from 'apify';
import { MAIN_THREW_EXIT_CODE } from './lifecycle/exit-outcome.js';
import type { ProgressReporterOptions } from './options/options.js';
import { ProgressReporter } from './reporter/progress-reporter.js';
import { describeValue } from './shared/value-description.js';

/**
 * Runs a custom Actor main function with a reporter, like `Actor.main()` does without one:
 *
 * 1. `Actor.init()` (skipped by the SDK when it already ran), then the reporter is created and
 *    goes on from counts a previous start saved (after a migration).
 * 2. `fn(reporter)` runs.
 * 3. On return: the terminal "Finished: N of M ..." lands, then `Actor.exit()` with code 0.
 *    On a throw: the error is logged, "Failed: N of M ... · <error>" lands, then `Actor.exit()` with
 *    code 91, the code `Actor.main()` uses for a throwing main function.
 *
 * `Actor.exit()` ends the process, so the returned promise settles only in setups where it does not
 * (the SDK configured not to exit). `Actor.exit(msg)` / `Actor.fail(msg)` inside `fn` work as usual:
 * their message becomes the terminal one.
 */
export async function withProgress<T>(
    options: ProgressReporterOptions,
    fn: (reporter: ProgressReporter) => Promise<T> | T,
): Promise<T | undefined> {
    if (typeof fn !== 'function') {
        throw new TypeError(
            `actor-progress: withProgress() needs a function as its second argument, got ${describeValue(fn)}.`,
        );
    }
    await Actor.init();
    const reporter = new ProgressReporter(options);
    await reporter.restoreState();
    let result: T;
    try {
        result = await fn(reporter);
    } catch (error) {
        log.exception(error as Error, 'The main function of the Actor threw an error');
        await reporter.end({ status: 'failed', reason: error });
        await Actor.exit({ exitCode: MAIN_THREW_EXIT_CODE });
        return undefined;
    }
    await reporter.finish();
    await Actor.exit();
    return result;
}
