import { writeFileSync } from 'node:fs';

/** The parameters the parent passed to this child process. */
export function readParams<T>(): T {
    const raw = process.env.BENCH_PARAMS;
    if (!raw) throw new Error('BENCH_PARAMS is not set: run this file through bench/lib/child.ts');
    return JSON.parse(raw) as T;
}

/** Hands the result to the parent. Synchronous, so a `process.exit()` right after cannot lose it. */
export function writeResult(result: unknown): void {
    const file = process.env.BENCH_RESULT_FILE;
    if (!file) throw new Error('BENCH_RESULT_FILE is not set');
    writeFileSync(file, JSON.stringify(result));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
