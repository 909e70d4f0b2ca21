export interface MemoryParams {
    workload: 'advance' | 'crawl';
    size: number;
    withReporter: boolean;
}

export interface MemoryResult {
    /** Heap used after `global.gc()`, bytes, before and after the workload (its objects still referenced). */
    before: number;
    after: number;
}
