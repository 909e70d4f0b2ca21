/**
 * `npm run demo`: the example Actor crawls the bundled local site while the platform emulator stands
 * in for the Apify API, then prints the status messages the Console would have shown. While it runs,
 * the run's live view is at the URL printed (http://127.0.0.1:4321/ unless that port is taken);
 * `npm run demo -- --hold` keeps it up after the run, with the final state, until Ctrl+C.
 * Offline (loopback only), well under a minute.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { startSite } from '../site/index.js';
import { maxChargeRequested, runMaxChargeDemo } from './max-charge.js';
import { REPO_ROOT, runExampleActor, START_COMMAND } from './run-actor.js';
import { runSeveralRunsDemo, runsRequested } from './several-runs.js';

// `npm run demo -- --runs 3`: the example Actor scaled out to several runs (examples/demo/several-runs.ts).
const workerRuns = runsRequested(process.argv.slice(2));
if (workerRuns !== undefined) await runSeveralRunsDemo(workerRuns);
// `npm run demo -- --max-charge 2`: a pay-per-event run stopping at its maximum charge (examples/demo/max-charge.ts).
const maxCharge = maxChargeRequested(process.argv.slice(2));
if (maxCharge !== undefined) await runMaxChargeDemo(maxCharge);

/** The demo's site: a few hundred pages, a third of them slow, three that always fail, two 404 links. */
const SITE = { pages: 300, slowFraction: 0.3, slowDelayMs: 400, failingFraction: 0.01, missingLinks: 2 };
const STATUS_INTERVAL_SECS = 1;
/** The port the SDK uses locally, so that a newcomer opens the usual address. */
const LIVE_VIEW_PORT = 4321;

const hold = process.argv.includes('--hold');

/** 4321 when it is free; otherwise any free port (another demo may be running). */
function livePort(): Promise<number> {
    const wanted = Number(process.env.ACTOR_WEB_SERVER_PORT ?? LIVE_VIEW_PORT);
    return new Promise((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(0));
        probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(wanted)));
    });
}

const site = await startSite(SITE);
const emulator = await PlatformEmulator.start();
const startedAt = performance.now();
let exitCode = 1;

/** The key figures of the final progress record, as an orchestrator reading it would see them. */
function describeRecord(record: Record<string, unknown> | undefined): string {
    if (!record) return '(none)';
    const failures = Array.isArray(record.failures)
        ? (record.failures as { reason: string; count: number }[]).map((f) => `${f.count} × ${f.reason}`).join(', ')
        : '';
    return [
        `status ${String(record.status)}`,
        `${String(record.done)} done of ${String(record.total)}`,
        `${String(record.items)} items`,
        `${String(record.failed)} failed${failures ? ` (${failures})` : ''}`,
        `terminal message recorded: ${record.terminal === true ? 'yes' : 'NO'}`,
    ].join(' · ');
}

function printSummary(datasetItems: number | undefined, exit: number | null | undefined): boolean {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const messages = emulator.statusMessages();
    const terminalDelivered = messages.at(-1)?.terminal === true;
    console.log('\nStatus messages as the Console showed them:');
    console.log(emulator.formatTimeline() || '(none)');
    console.log('');
    console.log(
        [
            `pages: ${datasetItems ?? '(see below)'} stored, ${site.failing} failing, ${site.reachable} to find`,
            `API calls: ${emulator.timeline.length}`,
            `messages: ${messages.length}`,
            `terminal delivered: ${terminalDelivered ? 'yes' : 'NO'}`,
            ...(exit === undefined ? [] : [`exit code: ${exit}`]),
            `${seconds} s`,
        ].join(' | '),
    );
    return terminalDelivered;
}

try {
    console.log(`Site:     ${site.url} (${site.pages} pages, ${site.slowPages.length} slow, ${site.failing} failing)`);
    console.log(`Platform: emulator at ${emulator.url}, run ${emulator.runId}`);
    console.log(`Running the example Actor (npm start: ${START_COMMAND}) ...`);
    let held: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
        held = resolve;
    });
    const running = runExampleActor({
        input: {
            startUrls: [{ url: site.startUrl }],
            maxRequestsPerCrawl: 1000,
            maxConcurrency: 5,
            statusIntervalSecs: STATUS_INTERVAL_SECS,
            liveView: true,
        },
        env: { ...emulator.env(), ACTOR_WEB_SERVER_PORT: String(await livePort()) },
        timeoutMs: hold ? 2 ** 31 - 1 : 50_000,
        ...(hold ? { preload: [join(REPO_ROOT, 'examples/demo/hold-live-view.ts')] } : {}),
        onStarted: (child) => {
            let output = '';
            child.stdout?.on('data', (chunk: string | Buffer) => {
                const before = output;
                output += String(chunk);
                const url = /Live view: (http\S+)/.exec(output)?.[1];
                if (url && !/Live view: (http\S+)/.test(before)) {
                    console.log(
                        `\nLive view: ${url}  (open it while the crawl runs${hold ? '' : '; --hold keeps it up after'})`,
                    );
                }
                if (output.includes('HOLDING') && !before.includes('HOLDING')) held();
            });
        },
    });
    if (hold) {
        // The run has ended, its process is kept: show what happened, then serve until Ctrl+C.
        const first = await Promise.race([holding.then(() => 'held' as const), running.then(() => 'ended' as const)]);
        if (first === 'held') {
            printSummary(undefined, undefined);
            console.log('\nThe run has ended; its live view stays up with the final state. Ctrl+C to stop.');
            process.on('SIGINT', () => undefined); // the Actor's process stops on it; this one waits for it
        }
    }
    const run = await running;
    const terminalDelivered = hold
        ? emulator.statusMessages().at(-1)?.terminal === true
        : printSummary(run.datasetItems, run.exitCode);
    if (hold) console.log(`pages: ${run.datasetItems} stored | exit code: ${run.exitCode}`);
    const record = run.progressRecord;
    console.log(`PROGRESS record (the run's default key-value store): ${describeRecord(record)}`);
    if (run.exitCode !== 0 || !terminalDelivered || run.timedOut || record?.terminal !== true) {
        console.error(`\nThe Actor did not end as expected${run.timedOut ? ' (timed out)' : ''}. Its output:`);
        console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
    } else {
        exitCode = 0;
    }
} finally {
    await Promise.all([emulator.close(), site.close()]);
}
process.exitCode = exitCode;
