/**
 * `npm run demo -- --runs 3`: the example Actor scaled out. A parent run of the example Actor (input
 * `workers: 3`) puts the bundled site's start page in a request queue, starts three worker runs of the
 * same Actor on it through the API, and follows them; every run is a real process of the example Actor
 * against the platform emulator. Prints each run's Console, then the summary: every page crawled once
 * across the runs, the parent's terminal message, API calls per run. Offline (loopback only).
 *
 * Kill a worker mid-crawl (`kill -9` its process) to see a parent and workers get over it: the others
 * wait for the dead worker's request locks to run out, then crawl what it held.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { type Site, startSite } from '../site/index.js';
import { REPO_ROOT } from './run-actor.js';

/** The same site as the single-run demo: a few hundred pages, a third of them slow, a few failing. */
const SITE = { pages: 300, slowFraction: 0.3, slowDelayMs: 400, failingFraction: 0.01, missingLinks: 2 };
const ACTOR = 'actor-progress-crawler-example';
const ACTOR_MAIN = join(REPO_ROOT, 'examples/crawler-actor/main.ts');
/**
 * How long Crawlee locks a request it took from the queue: the request handler's timeout plus 5 s, at
 * least 60 s (BasicCrawler). The example's CheerioCrawler times a request out after 30 s of navigation,
 * 60 s of handler and a 10 s buffer: 105 s, as its `crawler.requestQueue.requestLockSecs` reads. A
 * worker killed mid-crawl never unlocks what it held: those requests come back 105 s after it took them.
 */
export const REQUEST_LOCK_SECS = 105;
/**
 * How long the demo waits for the parent: the crawl (15 to 30 s here, a minute or two on a busy
 * machine) and, with a worker killed, its locks on top.
 */
const TIMEOUT_MS = (REQUEST_LOCK_SECS + 135) * 1000;

/** `--runs N` from the command line, or undefined when not asked for. */
export function runsRequested(argv: readonly string[]): number | undefined {
    const at = argv.indexOf('--runs');
    if (at === -1) return undefined;
    const runs = Number(argv[at + 1]);
    if (!Number.isInteger(runs) || runs < 1 || runs > 10) {
        throw new Error(`--runs takes a whole number of worker runs from 1 to 10, got ${argv[at + 1] ?? 'nothing'}.`);
    }
    return runs;
}

/** A `startRun` hook: the example Actor in its own process with the run's environment, as the platform runs it. */
export function startExampleRun(run: EmulatedRun): ChildProcess {
    const env: NodeJS.ProcessEnv = {};
    // Nothing of this machine's own Apify setup: the run's environment only.
    for (const [name, value] of Object.entries(process.env)) {
        if (!/^(APIFY|ACTOR|CRAWLEE)_/.test(name)) env[name] = value;
    }
    Object.assign(env, run.env(), {
        CRAWLEE_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'actor-progress-run-')),
        APIFY_LOG_LEVEL: 'WARNING',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
    });
    return spawn(process.execPath, ['--import', 'tsx', ACTOR_MAIN], { cwd: REPO_ROOT, env, stdio: 'pipe' });
}

function storedUrls(emulator: PlatformEmulator, run: EmulatedRun): string[] {
    const items = (emulator.dataset(run.info.defaultDatasetId)?.items() ?? []) as { url?: string }[];
    return items.map((item) => item.url ?? '');
}

function callsTable(rows: [string, EmulatedRun][]): string {
    const lines = [
        '| run | API calls | per minute | status PUTs | queue GETs | run GETs | record GETs |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const [name, run] of rows) {
        const { total, perMinute, byKind } = run.apiCalls();
        const of = (kind: string) => byKind[kind] ?? 0;
        lines.push(
            `| ${name} | ${total} | ${perMinute.toFixed(0)} | ${of('actorRun_put')} | ${of('requestQueue_get')} | ${of('actorRun_get')} | ${of('keyValueStore_record_get')} |`,
        );
    }
    return lines.join('\n');
}

/** What the demo prints, and how long it waits for the parent run. */
export interface SeveralRunsDemoSettings {
    /** @default 240 s: the crawl and a killed worker's locks (REQUEST_LOCK_SECS) */
    timeoutMs?: number;
    /** @default console.log */
    print?: (text: string) => void;
    /** @default console.error */
    printError?: (text: string) => void;
}

/**
 * The demo on a running emulator and site: starts the parent with `workers`, waits for it, prints each
 * run's Console and the summary. True when every run succeeded and every page was crawled once. A parent
 * that does not end in time is said in one line after the Consoles as they stood, never thrown.
 */
export async function demoSeveralRuns(
    emulator: PlatformEmulator,
    site: Site,
    workers: number,
    settings: SeveralRunsDemoSettings = {},
): Promise<boolean> {
    const { timeoutMs = TIMEOUT_MS, print = console.log, printError = console.error } = settings;
    const client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token });
    print(`Site:     ${site.url} (${site.pages} pages, ${site.slowPages.length} slow, ${site.failing} failing)`);
    print(`Platform: emulator at ${emulator.url}`);
    print(`Starting the example Actor as the parent of ${workers} worker runs (input "workers": ${workers}) ...\n`);
    const startedAt = performance.now();
    const started = await client.actor(ACTOR).start({
        startUrls: [{ url: site.startUrl }],
        maxRequestsPerCrawl: 1000,
        maxConcurrency: 5,
        statusIntervalSecs: 1,
        workers,
    });
    const parent = emulator.getRun(started.id);
    if (!parent) throw new Error(`The emulator has no run ${started.id}`);
    // The platform's own wait, as a client's `waitForFinish` would: a parent still running then is said below.
    const finished = await parent.waitForFinish(timeoutMs).then(
        () => true,
        () => false,
    );
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    // The workers, in the order the parent started them.
    const workerRuns = emulator.runs().filter((run) => run.actorId === ACTOR && run.id !== parent.id);
    const named: [string, EmulatedRun][] = [
        ...workerRuns.map((run, index): [string, EmulatedRun] => [`worker ${index + 1}`, run]),
        ['parent', parent],
    ];
    for (const [name, run] of named) {
        print(`${name} (run ${run.id}, ${run.info.status}), as its Console showed it:`);
        print(run.formatTimeline() || '(no status messages)');
        print('');
    }

    const shares = workerRuns.map((run) => storedUrls(emulator, run));
    const urls = shares.flat();
    const once = new Set(urls).size === urls.length;
    const terminal = parent.statusMessages().at(-1);
    const terminalDelivered = terminal?.terminal === true && !terminal.byPlatform;
    print(
        [
            `pages: ${urls.length} stored by ${workerRuns.length} workers (${shares.map((share) => share.length).join(' + ')}), ${once ? 'each exactly once' : 'SOME MORE THAN ONCE'}`,
            `${site.reachable} to find, ${site.failing} failing`,
            `${seconds} s`,
        ].join(' | '),
    );
    print(
        `parent's terminal message: ${terminal?.message ?? '(none)'}${terminalDelivered ? '' : ' (NOT delivered by the parent)'}`,
    );
    print(`\nAPI calls per run:\n\n${callsTable(named)}`);
    print(
        "\nA worker's progress costs its status PUTs and queue GETs (two of those are the SDK's, opening the queue);\nthe rest is Crawlee's own work on the queue and the dataset. The parent's run and record GETs follow the workers.",
    );

    const allSucceeded = [parent, ...workerRuns].every((run) => run.info.status === 'SUCCEEDED');
    const ok = finished && allSucceeded && workerRuns.length === workers && once && terminalDelivered;
    if (!finished) {
        printError(
            `\nThe parent run did not end within ${Math.round(timeoutMs / 1000)} s (status ${parent.info.status}): each Console above is where its run stood then. A worker killed mid-crawl holds its requests until their locks run out (${REQUEST_LOCK_SECS} s after it took them).`,
        );
    }
    if (!ok) {
        printError('\nThe runs did not end as expected. Their logs:');
        for (const [name, run] of named) printError(`--- ${name}\n${run.log().slice(-3000)}`);
    }
    return ok;
}

/**
 * Runs the demo with `workers` worker runs and ends the process with its exit code. Never returns, so
 * that `run-demo.ts` can hand over to it in one line.
 */
export async function runSeveralRunsDemo(workers: number): Promise<never> {
    const site = await startSite(SITE);
    const emulator = await PlatformEmulator.start({ startRun: startExampleRun });
    let ok = false;
    try {
        ok = await demoSeveralRuns(emulator, site, workers);
    } finally {
        await Promise.all([emulator.close(), site.close()]);
    }
    process.exit(ok ? 0 : 1);
}
