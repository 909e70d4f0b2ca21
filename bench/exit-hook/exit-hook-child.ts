/**
 * A reporter that posts one progress message to the emulator and then calls `process.exit(0)`
 * directly: with no exit handling, after its terminal message landed, or with the exit hook left to
 * send it. The reporter finds the run through the environment, as on the platform.
 */
import { ProgressReporter } from '../../src/index.js';
import { readParams, writeResult } from '../lib/child-io.js';
import type { ExitHookParams, ExitHookResult } from './params.js';

const { pattern } = readParams<ExitHookParams>();
const reporter = new ProgressReporter({
    unit: 'items',
    total: 10,
    persistStateKey: false,
    handleExit: pattern !== 'no-hook',
    log: { info: () => undefined, warning: (message) => process.stderr.write(`${message}\n`) },
});
reporter.advance(5);
await reporter.flush();
if (pattern === 'landed') await reporter.finish();

const result: ExitHookResult = { exitStartedAt: Date.now() };
writeResult(result);
process.exit(0);
