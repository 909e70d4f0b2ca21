/**
 * An Actor that crawls a site and keeps its status message up to date with actor-progress.
 * Run it the way the platform does with `npm start` (input from the default key-value store),
 * or deploy it with `apify push`. See docs/example-actor.md.
 */
import { ProgressReporter } from 'actor-progress';
import { Actor, log } from 'apify';
import { createCrawler } from './crawler.js';
import { InputError, readInput } from './input.js';

await Actor.init();

let input: ReturnType<typeof readInput>;
try {
    input = readInput(await Actor.getInput());
} catch (error) {
    if (!(error instanceof InputError)) throw error;
    log.error(error.message);
    // The reporter sends the terminal message itself (with the SDK it would be lost locally, and raced
    // against 1 ms on the platform); Actor.exit() then sends none of its own and exits with code 1.
    await new ProgressReporter().end({ status: 'failed', message: `Invalid input: ${error.message}` });
    await Actor.exit({ exitCode: 1 });
    throw error; // not reached: Actor.exit() ends the process
}

const reporter = new ProgressReporter({ intervalSecs: input.statusIntervalSecs });
const crawler = createCrawler(input);
const detach = reporter.attach(crawler);
try {
    await crawler.run(input.startUrls.map(({ url }) => url));
} finally {
    detach();
}

// The terminal message: "Finished: N of M pages done · ...". Exit handling that does this on every
// way a run can end (withProgress, Actor.exit hooks) will replace these two lines.
await reporter.finish();
await Actor.exit();
