import { runChild } from '../lib/child.js';
import { fixed, median } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import type { MemoryParams, MemoryResult } from './params.js';

// Single readings swing by about 0.2 MiB now and then (heap pages, JIT code); medians of several processes.
const CASES: { workload: MemoryParams['workload']; sizes: number[]; label: string; repeats: number }[] = [
    { workload: 'advance', sizes: [1_000_000, 10_000_000], label: '`advance()` calls', repeats: 5 },
    { workload: 'crawl', sizes: [5_000, 15_000], label: 'offline crawl, requests', repeats: 3 },
    {
        workload: 'crawl-items',
        sizes: [5_000, 15_000],
        label: 'offline crawl saving an item per request, every 10th failing, requests',
        repeats: 3,
    },
];

const mb = (bytes: number) => fixed(bytes / 2 ** 20, 2);

async function retained(params: MemoryParams, repeats: number): Promise<number> {
    const deltas: number[] = [];
    for (let i = 0; i < repeats; i++) {
        const child = await runChild<MemoryResult>('memory/memory-child.ts', params, {
            nodeArgs: ['--expose-gc'],
            timeoutMs: 120_000,
        });
        if (!child.result) throw new Error(`memory child wrote no result:\n${child.stderr}`);
        deltas.push(child.result.after - child.result.before);
    }
    return median(deltas);
}

export async function runMemoryBenchmark(): Promise<string> {
    const rows: string[][] = [];
    for (const { workload, sizes, label, repeats } of CASES) {
        for (const size of sizes) {
            const without = await retained({ workload, size, withReporter: false }, repeats);
            const withReporter = await retained({ workload, size, withReporter: true }, repeats);
            rows.push([
                `${label}: ${size.toLocaleString('en-US')}`,
                mb(without),
                mb(withReporter),
                mb(withReporter - without),
            ]);
        }
    }
    return renderTable({
        title: `4. Memory: heap retained after the workload (MiB, after global.gc(), median of 5 processes for advance(), 3 for crawls)`,
        headers: ['Workload', 'Without reporter', 'With reporter', "Reporter's share"],
        rows,
        notes: [
            "Each cell is a fresh `node --expose-gc` process: heap used after two full collections, before and after the workload, with the workload's objects (crawler, reporter) still referenced. The crawl keeps its requests in memory either way; the reporter's share is the difference.",
            "Flat in N means the reporter's share does not grow with the size.",
            'The crawl saving items keeps them in its in-memory dataset on both sides; counting them and the reasons of the failures (a bounded set of groups) adds nothing per request.',
        ],
    });
}
