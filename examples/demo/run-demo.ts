/**
 * `npm run demo`: the example Actor crawls the bundled local site while the platform emulator stands
 * in for the Apify API, then prints the status messages the Console would have shown.
 * Offline (loopback only), well under a minute.
 */
import { PlatformEmulator } from 'actor-progress/testing';
import { startSite } from '../site/index.js';
import { runExampleActor } from './run-actor.js';
import { runSeveralRunsDemo, runsRequested } from './several-runs.js';

// `npm run demo -- --runs 3`: the example Actor scaled out to several runs (examples/demo/several-runs.ts).
const workerRuns = runsRequested(process.argv.slice(2));
if (workerRuns !== undefined) await runSeveralRunsDemo(workerRuns);

/** The demo's site: a few hundred pages, a third of them slow, three that always fail, two 404 links. */
const SITE = { pages: 300, slowFraction: 0.3, slowDelayMs: 400, failingFraction: 0.01, missingLinks: 2 };
const STATUS_INTERVAL_SECS = 1;

const site = await startSite(SITE);
const emulator = await PlatformEmulator.start();
const startedAt = performance.now();
let exitCode = 1;
try {
    console.log(`Site:     ${site.url} (${site.pages} pages, ${site.slowPages.length} slow, ${site.failing} failing)`);
    console.log(`Platform: emulator at ${emulator.url}, run ${emulator.runId}`);
    console.log('Running the example Actor (npm start) ...\n');
    const run = await runExampleActor({
        input: {
            startUrls: [{ url: site.startUrl }],
            maxRequestsPerCrawl: 1000,
            maxConcurrency: 5,
            statusIntervalSecs: STATUS_INTERVAL_SECS,
        },
        env: emulator.env(),
        timeoutMs: 50_000,
    });
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const messages = emulator.statusMessages();
    const last = messages.at(-1);
    const terminalDelivered = last?.terminal === true;

    console.log('Status messages as the Console showed them:');
    console.log(emulator.formatTimeline() || '(none)');
    console.log('');
    console.log(
        [
            `pages: ${run.datasetItems} stored, ${site.failing} failing, ${site.reachable} to find`,
            `API calls: ${emulator.timeline.length}`,
            `messages: ${messages.length}`,
            `terminal delivered: ${terminalDelivered ? 'yes' : 'NO'}`,
            `exit code: ${run.exitCode}`,
            `${seconds} s`,
        ].join(' | '),
    );
    if (run.exitCode !== 0 || !terminalDelivered || run.timedOut) {
        console.error(`\nThe Actor did not end as expected${run.timedOut ? ' (timed out)' : ''}. Its output:`);
        console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
    } else {
        exitCode = 0;
    }
} finally {
    await Promise.all([emulator.close(), site.close()]);
}
process.exitCode = exitCode;
