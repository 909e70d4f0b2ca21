/**
 * A reporter that posts one progress message to the emulator and then calls `process.exit(0)`
 * directly: with no exit handling, after its terminal message landed, or with the exit hook left to
 * send it; in the slow rows, while its next progress call is on the wire. The reporter finds the run
 * through the environment, as on the platform.
 */
import { ProgressReporter } from '../../src/index.js';
import { readParams, sleep, writeResult } from '../lib/child-io.js';
import { EXIT_AFTER_CALL_MS, type ExitHookParams, type ExitHookResult } from './params.js';

const { pattern } = readParams<ExitHookParams>();
const slow = pattern === 'slow-no-hook' || pattern === 'slow-hook';
const reporter = new ProgressReporter({
    unit: 'items',
    total: 10,
    persistStateKey: false,
    handleExit: pattern !== 'no-hook' && pattern !== 'slow-no-hook',
    // Default request timeout (5 s) and terminal deadline (8 s); the API's floor of 1 s between calls
    // instead of the 5 s interval, so that the second progress call goes out soon.
    ...(slow ? { intervalSecs: 1 } : {}),
    log: { info: () => undefined, warning: (message) => process.stderr.write(`${message}\n`) },
});
reporter.advance(5);
await reporter.flush();
if (pattern === 'landed') await reporter.finish();
if (slow) {
    // The next progress call ("6 of 10") goes out at its slot; exit shortly after it did.
    const calls = reporter.callCount;
    reporter.advance();
    while (reporter.callCount === calls) await sleep(5);
    await sleep(EXIT_AFTER_CALL_MS);
}

const result: ExitHookResult = { exitStartedAt: Date.now() };
writeResult(result);
process.exit(0);
