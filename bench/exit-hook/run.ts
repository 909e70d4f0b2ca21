import { PlatformEmulator } from '@actor-progress/emulator';
import { runChild } from '../lib/child.js';
import { fixed, max, median, min } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import {
    EXIT_AFTER_CALL_MS,
    type ExitHookParams,
    type ExitHookPattern,
    type ExitHookResult,
    SLOW_APPLY_MS,
} from './params.js';

const TRIALS = 9;
/** The slow rows take seconds each: fewer trials. */
const SLOW_TRIALS = 5;
/** The bar (issue 10): the exit hook adds under 300 ms to an exit whose terminal message was not sent. */
const BAR_MS = 300;
/** The progress message on the wire in the slow rows, which the API applies late. */
const LATE_MESSAGE = '6 of 10';

interface PatternRow {
    pattern: ExitHookPattern;
    label: string;
}

const PATTERNS: PatternRow[] = [
    { pattern: 'no-hook', label: 'baseline: `process.exit(0)`, reporter without exit handling' },
    { pattern: 'landed', label: '`process.exit(0)` after `await reporter.finish()` (terminal landed)' },
    { pattern: 'hook', label: '`process.exit(0)` with no terminal message yet: the exit hook sends it' },
];

const SLOW_PATTERNS: PatternRow[] = [
    { pattern: 'slow-no-hook', label: 'baseline: reporter without exit handling' },
    { pattern: 'slow-hook', label: 'the exit hook: a second copy once that call can no longer land' },
];

interface Trial {
    pattern: ExitHookPattern;
    exitMs: number | undefined;
    /** The run's status message is terminal (once the late call, if any, was applied). */
    terminal: boolean;
    /** The last message the Console showed is a terminal one. */
    endsOnTerminal: boolean;
    puts: number;
}

async function trial(pattern: ExitHookPattern): Promise<Trial> {
    const emulator = await PlatformEmulator.start();
    const slow = pattern === 'slow-no-hook' || pattern === 'slow-hook';
    try {
        if (slow) {
            emulator.fault({
                match: (request) =>
                    (request.body as { statusMessage?: unknown } | null)?.statusMessage
                        ?.toString()
                        .startsWith(LATE_MESSAGE) === true,
                delayMs: SLOW_APPLY_MS,
                times: 1,
            });
        }
        const params: ExitHookParams = { pattern };
        const child = await runChild<ExitHookResult>('exit-hook/exit-hook-child.ts', params, {
            env: emulator.env(),
            timeoutMs: 30_000,
        });
        const exitMs = child.result ? child.closedAt - child.result.exitStartedAt : undefined;
        // The server applies the late call whether or not its client is still there.
        if (slow) {
            await emulator.waitFor((entries) => entries.some((entry) => entry.statusMessage?.startsWith(LATE_MESSAGE)));
        }
        return {
            pattern,
            exitMs,
            terminal: emulator.run.isStatusMessageTerminal,
            endsOnTerminal: emulator.statusMessages().at(-1)?.terminal === true,
            puts: emulator.timeline.filter((entry) => entry.method === 'PUT').length,
        };
    } finally {
        await emulator.close();
    }
}

/** Alternated, one child at a time: the patterns see the same machine load. */
async function trials(patterns: readonly PatternRow[], rounds: number): Promise<Trial[]> {
    const results: Trial[] = [];
    for (let round = 0; round < rounds; round++) {
        for (const { pattern } of patterns) results.push(await trial(pattern));
    }
    return results;
}

function timesOf(results: readonly Trial[], pattern: ExitHookPattern): number[] {
    return results.flatMap((r) => (r.pattern === pattern && r.exitMs !== undefined ? [r.exitMs] : []));
}

function rowsOf(
    results: readonly Trial[],
    patterns: readonly PatternRow[],
    baselinePattern: ExitHookPattern,
    shown: (trial: Trial) => boolean,
): string[][] {
    const baseline = median(timesOf(results, baselinePattern));
    return patterns.map(({ pattern, label }) => {
        const mine = results.filter((r) => r.pattern === pattern);
        const ms = timesOf(results, pattern);
        return [
            label,
            `${mine.filter(shown).length} / ${mine.length}`,
            fixed(median(ms), 0),
            `${fixed(min(ms), 0)}-${fixed(max(ms), 0)}`,
            pattern === baselinePattern ? '-' : fixed(median(ms) - baseline, 0),
            fixed(median(mine.map((r) => r.puts)), 0),
        ];
    });
}

export async function runExitHookBenchmark(): Promise<string> {
    const results = await trials(PATTERNS, TRIALS);
    const addedByHook = median(timesOf(results, 'hook')) - median(timesOf(results, 'no-hook'));
    const first = renderTable({
        title: `6. The exit hook: time a direct \`process.exit()\` takes (${TRIALS} child processes per row, alternated)`,
        headers: [
            'Exit',
            'Terminal on the run',
            'Median ms, exit start to process end',
            'Range ms',
            'Added ms (median - baseline)',
            'PUTs',
        ],
        rows: rowsOf(results, PATTERNS, 'no-hook', (r) => r.terminal),
        notes: [
            'Each trial is a child process (tsx) with a reporter posting to its own emulator through the environment, as on the platform: one progress message, then `process.exit(0)`. Exit start is written right before the call; the end is the parent seeing the child close.',
            'The exit hook runs in the `exit` event: a worker thread makes the PUT (node:http) while the exiting thread waits on `Atomics.wait`, for at most 2 s.',
            `The bar: the hook adds under ${BAR_MS} ms when it sends, nothing when the terminal message had landed. This run: ${fixed(addedByHook, 0)} ms (${addedByHook < BAR_MS ? 'meets it' : 'MISSES it'}).`,
        ],
    });

    const slow = await trials(SLOW_PATTERNS, SLOW_TRIALS);
    const addedWhenSlow = median(timesOf(slow, 'slow-hook')) - median(timesOf(slow, 'slow-no-hook'));
    const second = renderTable({
        title: `6b. \`process.exit(0)\` ${EXIT_AFTER_CALL_MS} ms after a progress call went out, the API applying it ${SLOW_APPLY_MS / 1000} s late (${SLOW_TRIALS} child processes per row, alternated)`,
        headers: [
            'Exit',
            'Console ends on the terminal message',
            'Median ms, exit start to process end',
            'Range ms',
            'Added ms (median - baseline)',
            'PUTs',
        ],
        rows: rowsOf(slow, SLOW_PATTERNS, 'slow-no-hook', (r) => r.endsOnTerminal),
        notes: [
            `The same child, with the default request timeout (5 s) and terminal deadline (8 s), at the API's 1 s floor between calls: a first progress message, then the next one ("${LATE_MESSAGE}") goes out and the child exits ${EXIT_AFTER_CALL_MS} ms later. The emulator applies that call ${SLOW_APPLY_MS / 1000} s after it arrived, though its client is gone, as a server does; each trial waits for it before reading the Console.`,
            'The exit hook sends the terminal message at once, writes nothing else here (no progress record on this run), and sends it once more when the call on the wire can no longer land: a server applies a request within the request timeout after it went out, or never.',
            `The cost: ${fixed(addedWhenSlow, 0)} ms added to such an exit in this run (the request timeout less the ${EXIT_AFTER_CALL_MS} ms already gone, and the copy's own call). It is paid only when a progress call is unanswered at \`process.exit()\`; with none on the wire the hook costs what table 6 shows.`,
        ],
    });
    return `${first}\n${second}`;
}
