/**
 * An Actor that posts one progress message, waits, and exits with a final message: the real SDK with
 * APIFY_IS_AT_HOME=1 against the emulator, touching no storage (the emulator serves none).
 */
import { Actor, log } from 'apify';
import { ProgressReporter } from '../../src/index.js';
import { readParams, sleep, writeResult } from '../lib/child-io.js';
import type { ExitParams, ExitResult } from './params.js';

const params = readParams<ExitParams>();
log.setLevel(log.LEVELS.WARNING);
await Actor.init();

const reporter =
    params.pattern === 'sdk-exit'
        ? undefined
        : new ProgressReporter({ unit: 'items', total: 10, persistStateKey: false, progressRecord: false });
if (reporter) {
    reporter.advance(5);
    await reporter.flush();
} else {
    await Actor.setStatusMessage('5 of 10 items done');
}
if (params.idleMs > 0) await sleep(params.idleMs);

const result: ExitResult = { exitStartedAt: Date.now() };
writeResult(result);
switch (params.pattern) {
    case 'sdk-exit':
        // The SDK's own way: the terminal PUT raced against 1 ms, then process.exit().
        await Actor.exit(params.message);
        break;
    case 'progress-finish':
        await reporter?.finish(params.message);
        await Actor.exit();
        break;
    case 'progress-exit-handlers':
        // The same user code as 'sdk-exit'; the reporter's exit handler sends the message.
        await Actor.exit(params.message);
        break;
}
