/**
 * An Actor that crawls a site and keeps its status message up to date with actor-progress.
 * Run it locally with `npm start` (Node with tsx's loader; input from the default key-value store), or compiled as the
 * image runs it with `npm run build && npm run build:example && npm run start:prod`; deploy it with
 * `apify push`. See docs/example-actor.md.
 */
import { ProgressReporter } from 'actor-progress';
import { Actor } from 'apify';
import { createCrawler } from './crawler.js';
import { InputError, readInput } from './input.js';
import { runParent } from './parent.js';

await Actor.init();

let input: ReturnType<typeof readInput>;
try {
    input = readInput(await Actor.getInput());
} catch (error) {
    if (!(error instanceof InputError)) throw error;
    // A reporter makes the SDK's own exit message reliable: Actor.fail() logs the message, and the
    // reporter's exit handler delivers it as the terminal status message before the process ends
    // with code 1 (the SDK alone would race it against 1 ms, or drop it when running locally).
    new ProgressReporter();
    await Actor.fail(`Invalid input: ${error.message}`);
    throw error; // not reached: Actor.fail() ends the process
}

if (input.workers !== undefined) {
    // The parent of several runs: starts worker runs of this Actor on one shared queue and follows them.
    await runParent({ ...input, workers: input.workers });
} else {
    // With `sharedQueue`, this run is one of those workers: the queue is shared with the other runs.
    const queue = input.sharedQueue === undefined ? undefined : await Actor.openRequestQueue(input.sharedQueue);

    // One line to create, one to attach. The reporter's exit handlers send the terminal message on
    // every way the run ends: here "Finished: N of M pages done" when Actor.exit() is called below, and
    // "Aborted", "Failed" or "Time limit reached" when the run ends another way. With `liveView`, the
    // run's container URL (the Console's Live view and Output tabs) shows a live progress page. A
    // worker on a shared queue says where the whole crawl stands and what its own share is.
    const reporter = new ProgressReporter({
        intervalSecs: input.statusIntervalSecs,
        liveView: input.liveView,
        ...(queue === undefined ? {} : { sharedQueue: { runs: input.runs } }),
    });
    const crawler = createCrawler(input, queue);
    reporter.attach(crawler);

    await crawler.run(input.startUrls.map(({ url }) => url));
    await Actor.exit();
}
