import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChildRun<T> {
    code: number | null;
    /** What the child wrote with `writeResult`, or undefined if it wrote nothing. */
    result: T | undefined;
    /** `Date.now()` when the child process closed. */
    closedAt: number;
    stderr: string;
}

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `bench/<script>` in a fresh Node process with tsx, the way `npm run bench` runs TypeScript.
 * The child gets its parameters in `BENCH_PARAMS` and writes its result to `BENCH_RESULT_FILE`
 * (a file rather than stdout: `process.exit()` in the child must not cut it short).
 */
export async function runChild<T>(
    script: string,
    params: unknown,
    {
        env = {},
        nodeArgs = [],
        timeoutMs = 60_000,
    }: { env?: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<ChildRun<T>> {
    const dir = mkdtempSync(join(tmpdir(), 'actor-progress-bench-'));
    const resultFile = join(dir, 'result.json');
    try {
        const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(BENCH_DIR, script)], {
            env: {
                ...process.env,
                ...env,
                BENCH_PARAMS: JSON.stringify(params),
                BENCH_RESULT_FILE: resultFile,
                CRAWLEE_STORAGE_DIR: join(dir, 'storage'),
            },
            stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
            if (stderr.length < 20_000) stderr += chunk.toString();
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
        clearTimeout(timer);
        const closedAt = Date.now();
        let result: T | undefined;
        try {
            result = JSON.parse(readFileSync(resultFile, 'utf8')) as T;
        } catch {
            result = undefined;
        }
        return { code, result, closedAt, stderr };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** Runs `tasks` with at most `limit` at a time, results in the order given. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index] as T);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
