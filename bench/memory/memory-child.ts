/** Heap retained by one workload, measured after full collections. Run with `node --expose-gc`. */
import { readParams, writeResult } from '../lib/child-io.js';
import { offlineUrls, quietReporter, runOfflineCrawl } from '../lib/offline-crawl.js';
import type { MemoryParams, MemoryResult } from './params.js';

const params = readParams<MemoryParams>();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heapAfterGc(): number {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
}

// Everything the workload needs but does not make (URLs, modules) exists before the first reading.
const urls = params.workload === 'advance' ? [] : offlineUrls(params.size);
let counter = 0;
const before = heapAfterGc();
let kept: unknown;
if (params.workload === 'advance') {
    const reporter = params.withReporter ? quietReporter() : undefined;
    for (let i = 0; i < params.size; i++) {
        if (reporter) reporter.advance();
        else counter++;
    }
    await reporter?.flush();
    kept = reporter;
} else {
    const work = params.workload === 'crawl-items' ? { saveItems: true, failEvery: 10 } : {};
    kept = await runOfflineCrawl(urls, params.withReporter, work);
}
const after = heapAfterGc();
const result: MemoryResult = { before, after };
writeResult(result);
if (kept === -1 || counter === -1) console.log(kept, counter);
