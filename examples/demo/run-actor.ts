import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root: where `npm start` runs, so that `.actor/` and tsconfig.json are found. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** package.json's `start` script: `npm start`. */
export const START_COMMAND =
    (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
        .start ?? '';

/**
 * `npm start`'s command, read from package.json, so that the tests and the demo run exactly what a
 * developer runs: `node --import tsx examples/crawler-actor/main.ts`. tsx's loader inside the Actor's
 * own process, not tsx's command line: that one runs the script in a second process and relays
 * signals with a 30 ms wait for an answer, after which it SIGKILLs the script and exits 130, so on a
 * loaded machine a Ctrl+C killed the Actor before it could say anything. One process: the signal
 * reaches the Actor itself. Returns Node's arguments: its options, then the main module.
 */
function startArguments(): { nodeOptions: string[]; main: string } {
    const [command, ...args] = START_COMMAND.split(' ');
    const main = args.pop();
    if (command !== 'node' || main === undefined) {
        throw new Error(`npm start must be \`node [options] <main module>\` (one process), got: ${START_COMMAND}`);
    }
    return { nodeOptions: args, main: join(REPO_ROOT, main) };
}

/** Environment variables that would make the child talk to a real platform or misread its storage. */
const PLATFORM_VARIABLES = [
    'APIFY_IS_AT_HOME',
    'ACTOR_RUN_ID',
    'APIFY_ACTOR_RUN_ID',
    'APIFY_TOKEN',
    'APIFY_API_BASE_URL',
    'ACTOR_EVENTS_WEBSOCKET_URL',
    'APIFY_LOCAL_STORAGE_DIR',
    'ACTOR_DEFAULT_KEY_VALUE_STORE_ID',
    'ACTOR_DEFAULT_DATASET_ID',
    'ACTOR_DEFAULT_REQUEST_QUEUE_ID',
    // Where the live view listens: set below, never inherited.
    'ACTOR_WEB_SERVER_PORT',
    'ACTOR_WEB_SERVER_URL',
    'APIFY_CONTAINER_PORT',
    'APIFY_CONTAINER_URL',
];

export interface ActorRunOptions {
    /** Written as the default key-value store's INPUT: an object as JSON, a string as it is. */
    input: unknown;
    /**
     * Extra environment, e.g. `emulator.env()`. The live view listens on any free port (its URL is in
     * the output) unless this gives `ACTOR_WEB_SERVER_PORT`: runs at once on one machine (tests, a
     * demo) never fight over 4321.
     */
    env?: Record<string, string>;
    /** Killed after this long. @default 60_000 */
    timeoutMs?: number;
    /** Keep the temporary storage directory (its path is in the result). @default false */
    keepStorage?: boolean;
    /** Called with the child process once it is started, e.g. to send it a signal. */
    onStarted?: (child: ChildProcess) => void;
    /** Modules loaded into the Actor's process before its main module (`node --import`). */
    preload?: string[];
}

export interface ActorRun {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** Items the Actor stored in its default dataset. */
    datasetItems: number;
    /** The `url` of each item stored (the example Actor stores one item per page it crawled). */
    datasetUrls: string[];
    /** The progress record the Actor left in its default key-value store (`PROGRESS.json`), parsed; undefined when there is none. */
    progressRecord: Record<string, unknown> | undefined;
    storageDir: string;
    timedOut: boolean;
}

/**
 * Runs the example Actor as the platform would: a child process (the `npm start` command, run by
 * this Node without npm in between), with its
 * INPUT in the default key-value store of a fresh `CRAWLEE_STORAGE_DIR`, and the given environment.
 */
export async function runExampleActor(options: ActorRunOptions): Promise<ActorRun> {
    const storageDir = await mkdtemp(join(tmpdir(), 'actor-progress-example-'));
    const inputDir = join(storageDir, 'key_value_stores', 'default');
    await mkdir(inputDir, { recursive: true });
    const inputText = typeof options.input === 'string' ? options.input : JSON.stringify(options.input);
    await writeFile(join(inputDir, 'INPUT.json'), inputText);

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of PLATFORM_VARIABLES) delete env[name];
    Object.assign(env, { ACTOR_WEB_SERVER_PORT: '0' }, options.env, {
        CRAWLEE_STORAGE_DIR: storageDir,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
    });

    const preload = (options.preload ?? []).flatMap((path) => ['--import', pathToFileURL(path).href]);
    const { nodeOptions, main } = startArguments();
    const child = spawn(process.execPath, [...nodeOptions, ...preload, main], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
    });
    options.onStarted?.(child);
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
        child.once('error', fail);
        child.once('close', (code, sig) => done([code, sig]));
    }).finally(() => clearTimeout(timer));

    const datasetDir = join(storageDir, 'datasets', 'default');
    const itemFiles = (await readdir(datasetDir).catch(() => [])).filter((name) => name.endsWith('.json'));
    const items = await Promise.all(
        itemFiles.map(async (name) => JSON.parse(await readFile(join(datasetDir, name), 'utf8')) as { url?: unknown }),
    );
    const datasetUrls = items.map((item) => String(item.url));
    const recordText = await readFile(join(inputDir, 'PROGRESS.json'), 'utf8').catch(() => undefined);
    const progressRecord = recordText === undefined ? undefined : (JSON.parse(recordText) as Record<string, unknown>);
    if (!options.keepStorage) await rm(storageDir, { recursive: true, force: true });
    return {
        exitCode,
        signal,
        stdout,
        stderr,
        datasetItems: itemFiles.length,
        datasetUrls,
        progressRecord,
        storageDir,
        timedOut,
    };
}
