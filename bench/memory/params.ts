export interface MemoryParams {
    /** `crawl-items`: the crawl's handler saves an item per request and fails every 10th. */
    workload: 'advance' | 'crawl' | 'crawl-items';
    size: number;
    withReporter: boolean;
}

export interface MemoryResult {
    /** Heap used after `global.gc()`, bytes, before and after the workload (its objects still referenced). */
    before: number;
    after: number;
}
