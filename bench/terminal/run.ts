import { type EmulatorOptions, PlatformEmulator } from '@actor-progress/emulator';
import { mapLimit, runChild } from '../lib/child.js';
import { fixed, median } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import type { ExitParams, ExitPattern, ExitResult } from './params.js';

const TRIALS = 5;
const PARALLEL = 3;
const KEEP_ALIVE_TIMEOUT_MS = 1_000;

interface Condition {
    label: string;
    emulator: EmulatorOptions;
    idleMs: number;
    /** Applied to the emulator before the child starts. */
    setup?: (emulator: PlatformEmulator) => void;
}

const CONDITIONS: Condition[] = [
    { label: 'warm socket (control)', emulator: {}, idleMs: 0 },
    {
        label: `idle socket (${KEEP_ALIVE_TIMEOUT_MS * 1.5} ms quiet, server keep-alive ${KEEP_ALIVE_TIMEOUT_MS} ms)`,
        emulator: { keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS },
        idleMs: KEEP_ALIVE_TIMEOUT_MS * 1.5,
    },
    { label: 'server closes connections (keep-alive off)', emulator: { keepAlive: false }, idleMs: 0 },
    {
        label: 'first terminal attempt answers 500',
        emulator: {},
        idleMs: 0,
        setup: (emulator) => emulator.fault({ match: 'terminal', status: 500, times: 1 }),
    },
];

const PATTERNS: { pattern: ExitPattern; label: string }[] = [
    { pattern: 'sdk-exit', label: 'SDK: `Actor.exit(message)`' },
    { pattern: 'progress-finish', label: 'actor-progress: `await reporter.finish(message)`, then `Actor.exit()`' },
    { pattern: 'progress-exit-handlers', label: 'actor-progress: `Actor.exit(message)` (exit handlers)' },
];

interface Trial {
    delivered: boolean;
    exitMs: number | undefined;
}

async function trial(condition: Condition, pattern: ExitPattern): Promise<Trial> {
    const emulator = await PlatformEmulator.start(condition.emulator);
    try {
        condition.setup?.(emulator);
        const message = `Done: 10 of 10 items (${pattern})`;
        const params: ExitParams = { pattern, idleMs: condition.idleMs, message };
        const child = await runChild<ExitResult>('terminal/exit-child.ts', params, {
            env: { ...emulator.env(), APIFY_IS_AT_HOME: '1' },
            timeoutMs: 60_000,
        });
        // A request written just before the process exited is still handled by the server.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const delivered = emulator.statusMessages().some((entry) => entry.terminal && entry.message === message);
        return { delivered, exitMs: child.result ? child.closedAt - child.result.exitStartedAt : undefined };
    } finally {
        await emulator.close();
    }
}

export async function runTerminalBenchmark(): Promise<string> {
    const jobs = CONDITIONS.flatMap((condition) =>
        PATTERNS.flatMap(({ pattern }) => Array.from({ length: TRIALS }, () => ({ condition, pattern }))),
    );
    const results = await mapLimit(jobs, PARALLEL, async (job) => ({
        ...job,
        ...(await trial(job.condition, job.pattern)),
    }));
    const rows = CONDITIONS.flatMap((condition) =>
        PATTERNS.map(({ pattern, label }) => {
            const mine = results.filter((r) => r.condition === condition && r.pattern === pattern);
            const delivered = mine.filter((r) => r.delivered).length;
            const exitTimes = mine.flatMap((r) => (r.exitMs === undefined ? [] : [r.exitMs]));
            return [condition.label, label, `${delivered} / ${mine.length}`, fixed(median(exitTimes), 0)];
        }),
    );
    return renderTable({
        title: `2. Terminal message delivered at exit (${TRIALS} child processes per cell)`,
        headers: ['Condition', 'Exit', 'Delivered / tried', 'Median ms from exit start to process end'],
        rows,
        notes: [
            'Each trial is a child process running the real SDK (`Actor.init()` with `APIFY_IS_AT_HOME=1`, so `Actor.setStatusMessage` and `Actor.exit` take their platform code path) against its own emulator: one progress message, the quiet time, then the exit.',
            'Delivered: the emulator accepted the terminal message with `isStatusMessageTerminal: true`.',
        ],
    });
}
