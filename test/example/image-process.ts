import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    readlinkSync,
    rmSync,
    writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** The repository root: the image's WORKDIR holds the same layout (package.json, dist/, examples/). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const DOCKERFILE = join(REPO_ROOT, '.actor/Dockerfile');

/**
 * The argv of the final stage's `CMD`: what Docker starts as the container's main process (PID 1).
 * Only the exec form is accepted: the shell form would make `/bin/sh -c` the main process.
 */
export function imageCommand(dockerfile = DOCKERFILE): string[] {
    // Joining continued lines first, so that a CMD split over several lines reads as one.
    const lines = readFileSync(dockerfile, 'utf8')
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/);
    const finalStage = lines.slice(lines.findLastIndex((line) => /^\s*FROM\s/i.test(line)));
    const cmd = finalStage.findLast((line) => /^\s*CMD\s/i.test(line));
    if (!cmd) throw new Error(`${dockerfile}: the final stage has no CMD`);
    const value = cmd.replace(/^\s*CMD\s+/i, '').trim();
    let argv: unknown;
    try {
        argv = JSON.parse(value);
    } catch {
        throw new Error(`${dockerfile}: CMD is in shell form (${value}); /bin/sh would be the main process`);
    }
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((arg) => typeof arg === 'string')) {
        throw new Error(`${dockerfile}: CMD is not a list of strings: ${value}`);
    }
    return argv;
}

/**
 * What the Dockerfile's builder stage builds: the library (dist/) and the compiled example Actor. The
 * library is built by `npm install` (prepare), and only built here when it is missing: `npm run build`
 * empties dist/ first, and the test files running beside this one import the package from it (a test
 * run once failed on "Cannot find package 'actor-progress/testing'" while this rebuilt it).
 */
export function buildImageOutputs(): void {
    const scripts = existsSync(join(REPO_ROOT, 'dist/index.js')) ? ['build:example'] : ['build', 'build:example'];
    for (const script of scripts) {
        execFileSync('npm', ['run', script, '--silent'], { cwd: REPO_ROOT, stdio: 'pipe' });
    }
}

function jsonFiles(dir: string): number {
    try {
        return readdirSync(dir).filter((name) => name.endsWith('.json')).length;
    } catch {
        return 0; // nothing stored yet
    }
}

// The process helpers read /proc: Linux only, like the platform's containers.

/** Processes whose environment holds `NAME=value`: everything a command started, however deep. */
function processesWithEnv(name: string, value: string): number[] {
    const needle = `${name}=${value}\0`;
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            if (`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\0`.includes(needle)) found.push(Number(entry));
        } catch {
            // Gone in the meantime, or not ours to read.
        }
    }
    return found;
}

/** The parent's pid from /proc/PID/stat (the field after the command name, which may hold spaces). */
export function parentPid(pid: number): number | undefined {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
        return undefined;
    }
}

/** Whether a process runs the Node executable (npm and tsx do too), by its /proc/PID/exe. */
export function isNode(pid: number): boolean {
    try {
        return basename(readlinkSync(`/proc/${pid}/exe`)).startsWith('node');
    } catch {
        return false;
    }
}

/** The command line of a process, for messages. */
export function commandLine(pid: number): string {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
    } catch {
        return '(gone)';
    }
}

export interface StartOptions {
    /** Written as the default key-value store's INPUT. */
    input: unknown;
    /** The run's environment on top of this process's, e.g. `emulator.env()`. */
    env?: Record<string, string>;
    /** Where the command runs, as the image's WORKDIR. @default the repository root */
    cwd?: string;
}

export interface CommandRun {
    /** The process that was spawned: the container's main process when `argv` is the image's CMD. */
    readonly child: ChildProcess;
    /** Its own storage directory (CRAWLEE_STORAGE_DIR), unique to this run. */
    readonly storageDir: string;
    /** Resolves when the spawned process has exited. */
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    /** Every process of this run still alive: the spawned one and anything it started. */
    alive(): number[];
    /** Items stored in the default dataset so far. */
    datasetItems(): number;
    output(): string;
    /** SIGKILLs whatever of the run is still alive and removes its storage. */
    cleanUp(): void;
}

/**
 * Starts `argv` the way the platform starts an Actor's image: cwd at the WORKDIR (the repository root
 * has the same layout), INPUT in the default key-value store of a fresh CRAWLEE_STORAGE_DIR, the run's
 * environment, NODE_ENV=production as the apify/actor-node images set it.
 */
export function startCommand(argv: readonly string[], options: StartOptions): CommandRun {
    const storageDir = mkdtempSync(join(tmpdir(), 'actor-progress-image-'));
    const inputDir = join(storageDir, 'key_value_stores', 'default');
    mkdirSync(inputDir, { recursive: true });
    writeFileSync(join(inputDir, 'INPUT.json'), JSON.stringify(options.input));

    // Nothing of a platform or storage this process may have been given leaks into the run.
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
        if (!/^(APIFY_|ACTOR_|CRAWLEE_)/.test(name)) env[name] = value;
    }
    Object.assign(env, options.env, {
        CRAWLEE_STORAGE_DIR: storageDir,
        NODE_ENV: 'production',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
    });

    const [command, ...args] = argv;
    if (!command) throw new Error('empty command');
    const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
        child.once('error', fail);
        child.once('exit', (code, signal) => done({ code, signal }));
    });
    const alive = () => processesWithEnv('CRAWLEE_STORAGE_DIR', storageDir);
    return {
        child,
        storageDir,
        exited,
        alive,
        datasetItems: () => jsonFiles(join(storageDir, 'datasets', 'default')),
        output: () => output,
        cleanUp: () => {
            for (const pid of alive()) {
                try {
                    process.kill(pid, 'SIGKILL');
                } catch {
                    // Already gone.
                }
            }
            rmSync(storageDir, { recursive: true, force: true });
        },
    };
}
