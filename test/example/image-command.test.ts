import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { PlatformEmulator, type StatusMessageRecord } from '@actor-progress/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import {
    buildImageOutputs,
    type CommandRun,
    commandLine,
    imageCommand,
    isNode,
    parentPid,
    REPO_ROOT,
    startCommand,
} from './image-process.js';

/**
 * The example Actor's image, without Docker: its final CMD run exactly as Docker runs it, stopped the
 * way `docker stop` and the platform stop a run (SIGTERM to the container's main process).
 */

/**
 * A new PID namespace, as a container has: the command runs as its PID 1. `--map-root-user` makes a
 * user namespace first, in which the current user may create the PID namespace: no real root needed.
 */
const AS_PID_1 = ['unshare', '--map-root-user', '--pid', '--fork', '--mount-proc', '--kill-child'];
const ABORTED = /^Aborted: \d+ of (at least )?\d+ pages done(?: · \d+ items?)? · received SIGTERM$/;

/**
 * Why this machine cannot run a process as PID 1 of a new PID namespace, or undefined when it can.
 * Some kernels and containers forbid user namespaces (e.g. `kernel.unprivileged_userns_clone=0`, or a
 * seccomp profile that blocks unshare): a missing OS capability, not something the product does.
 */
function whyNoPidNamespace(): string | undefined {
    const [command = 'unshare', ...args] = AS_PID_1;
    try {
        const pid = execFileSync(command, [...args, process.execPath, '-p', 'process.pid'], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
        }).trim();
        return pid === '1' ? undefined : `${AS_PID_1.join(' ')} ran node as pid ${pid}, not 1`;
    } catch (error) {
        const stderr = (error as { stderr?: string }).stderr?.trim();
        return `${AS_PID_1.join(' ')} is not possible here: ${stderr || String(error)}`;
    }
}
const NO_PID_NAMESPACE = whyNoPidNamespace();
// The skip and its reason show in the test run's output, not only in a skipped count.
if (NO_PID_NAMESPACE) console.warn(`Skipping the tests of the image as PID 1: ${NO_PID_NAMESPACE}`);

let site: Site;
/** Every command started, so that one left running by a failed or timed-out test is killed. */
const runs: CommandRun[] = [];

beforeAll(async () => {
    buildImageOutputs();
    // Slow pages and a low concurrency: the crawl is still going when the signal comes, and would go
    // on for several more seconds if nothing stopped it.
    site = await startSite({ pages: 120, slowFraction: 1, slowDelayMs: 300, failingFraction: 0 });
}, 120_000);

afterAll(async () => {
    for (const run of runs) run.cleanUp();
    await site?.close();
});

/** The exit status a container reports: the code, or 128 + the signal's number when killed by one. */
function exitStatus(end: { code: number | null; signal: NodeJS.Signals | null }): number | undefined {
    if (end.code !== null) return end.code;
    return end.signal ? 128 + constants.signals[end.signal] : undefined;
}

function describeProcesses(pids: readonly number[]): string {
    return pids.map((pid) => `${pid} (parent ${parentPid(pid)}): ${commandLine(pid)}`).join('\n');
}

interface Stopped {
    run: CommandRun;
    /** Every process of the run just before the signal. */
    processes: number[];
    /** Those of them that run Node: npm and tsx would be among them. */
    nodeProcesses: number[];
    /** The processes with their parents and command lines, for messages. */
    processList: string;
    /** The process that got the SIGTERM. */
    mainPid: number;
    /** How the spawned process ended. */
    end: { code: number | null; signal: NodeJS.Signals | null };
    /** Processes of the run still alive once it ended. */
    leftRunning: number[];
    messages: StatusMessageRecord[];
    itemsAtSignal: number;
    itemsAtEnd: number;
}

/**
 * Starts `argv` on the slow site, sends SIGTERM to its main process (`mainOf`) once some pages are
 * done, and waits for the run to end. A run that never ends is a hang: the test's timeout fails it.
 */
async function crawlThenTerminate(argv: readonly string[], mainOf: (run: CommandRun) => number): Promise<Stopped> {
    const emulator = await PlatformEmulator.start();
    const run = startCommand(argv, {
        input: { startUrls: [{ url: site.startUrl }], maxConcurrency: 2, statusIntervalSecs: 1 },
        env: emulator.env(),
    });
    runs.push(run);
    try {
        const someDone = (entries: readonly { statusMessage?: string }[]) =>
            entries.some((entry) => /^[1-9]\d* of/.test(entry.statusMessage ?? ''));
        const crawling = emulator.waitFor(someDone, 30_000).then(() => 'crawling' as const);
        crawling.catch(() => undefined); // when the process ends first, close() fails this wait: not an error
        const first = await Promise.race([crawling, run.exited]);
        if (first !== 'crawling') throw new Error(`ended before any page was done: ${JSON.stringify(first)}`);
        const processes = run.alive();
        const nodeProcesses = processes.filter(isNode);
        const processList = describeProcesses(processes);
        const mainPid = mainOf(run);
        const itemsAtSignal = run.datasetItems();
        process.kill(mainPid, 'SIGTERM');
        const end = await run.exited;
        return {
            run,
            processes,
            nodeProcesses,
            processList,
            mainPid,
            end,
            leftRunning: run.alive(),
            messages: emulator.statusMessages(),
            itemsAtSignal,
            itemsAtEnd: run.datasetItems(),
        };
    } catch (error) {
        throw new Error(`${String(error)}\nOutput of ${argv.join(' ')}:\n${run.output().slice(-3000)}`);
    } finally {
        run.cleanUp();
        await emulator.close();
    }
}

/**
 * Stopped mid-crawl: the dataset holds fewer items than the site has pages, where a crawl left
 * running after "Aborted" would have stored them all.
 */
function expectStoppedMidCrawl(stopped: Stopped): void {
    expect(
        stopped.itemsAtEnd,
        `items stored: ${stopped.itemsAtSignal} at the signal, ${stopped.itemsAtEnd} at the end`,
    ).toBeLessThan(site.succeeding);
}

describe('the example Actor image (.actor/Dockerfile)', () => {
    it('runs the compiled example with plain node, in exec form: the same command as npm run start:prod', () => {
        const scripts = (
            JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
        ).scripts;
        expect(imageCommand()).toEqual(scripts['start:prod']?.split(' '));
        expect(imageCommand()[0]).toBe('node');
    });

    it('SIGTERM to its main process: the Actor itself ends, with one terminal "Aborted ... received SIGTERM", nothing left running', async () => {
        const stopped = await crawlThenTerminate(imageCommand(), (run) => run.child.pid as number);
        // The main process is the Actor's own Node process: no npm, shell or tsx in between. (Crawlee
        // runs a short-lived `ps` now and then to measure memory: not Node, so not counted.)
        expect(stopped.nodeProcesses, stopped.processList).toEqual([stopped.mainPid]);
        // It dies of the signal, as it would have without a handler: Docker reports 143.
        expect(exitStatus(stopped.end), stopped.run.output().slice(-3000)).toBe(128 + constants.signals.SIGTERM);
        expect(stopped.leftRunning, describeProcesses(stopped.leftRunning)).toEqual([]);
        const terminal = stopped.messages.filter((record) => record.terminal);
        expect(terminal).toEqual([expect.objectContaining({ message: expect.stringMatching(ABORTED) })]);
        expect(stopped.messages.at(-1)?.terminal).toBe(true);
        expectStoppedMidCrawl(stopped);
    });

    // Skipped only when the OS cannot make a PID namespace at all (a missing capability of the machine,
    // named in the title): never for anything the product does.
    describe.skipIf(NO_PID_NAMESPACE !== undefined)(
        `as PID 1 of its own PID namespace, as in a container${NO_PID_NAMESPACE ? ` (skipped: ${NO_PID_NAMESPACE})` : ''}`,
        () => {
            let stopped: Stopped;

            beforeAll(async () => {
                // unshare runs the command as PID 1 of a new namespace; the SIGTERM goes to that process
                // from outside the namespace, the way `docker stop` sends it.
                stopped = await crawlThenTerminate([...AS_PID_1, ...imageCommand()], (run) => {
                    const pid = run.alive().find((candidate) => parentPid(candidate) === run.child.pid);
                    if (pid === undefined) throw new Error('no process under unshare');
                    return pid;
                });
            }, 60_000);

            it('SIGTERM to it sends one terminal "Aborted ... received SIGTERM"', () => {
                // unshare, and under it the Actor's Node process as the namespace's PID 1: the only Node process.
                expect(stopped.nodeProcesses, stopped.processList).toEqual([stopped.mainPid]);
                const terminal = stopped.messages.filter((record) => record.terminal);
                expect(terminal).toEqual([expect.objectContaining({ message: expect.stringMatching(ABORTED) })]);
            });

            // The kernel drops a signal that PID 1 sends itself when it has no handler for it: re-raising
            // SIGTERM after the terminal message would leave the Actor crawling after "Aborted" (it did,
            // before src/lifecycle/signals.ts exited with 128 + the signal's number as PID 1).
            it('SIGTERM to it ends the Actor once its terminal message is out, nothing left running', () => {
                expect(exitStatus(stopped.end), stopped.run.output().slice(-3000)).toBe(
                    128 + constants.signals.SIGTERM,
                );
                expect(stopped.leftRunning, describeProcesses(stopped.leftRunning)).toEqual([]);
                expect(stopped.messages.at(-1)?.terminal).toBe(true);
                expectStoppedMidCrawl(stopped);
            });
        },
    );
});
