export interface OverheadParams {
    rounds: number;
    requests: number;
    advanceCalls: number;
    hookCalls: number;
}

export interface OverheadResult {
    /** Milliseconds per crawl, in the order run. */
    crawlPlain: number[];
    crawlAttached: number[];
    /** Per round: attached / plain. */
    crawlRatios: number[];
    /** CPU time (user + system) of this process per crawl, ms: less disturbed by other processes' load. */
    crawlPlainCpu: number[];
    crawlAttachedCpu: number[];
    crawlCpuRatios: number[];
    loopEmpty: number[];
    loopAdvance: number[];
    loopRatios: number[];
    /** `hookCalls` x (stats.startJob + finishJob) on a crawler that is not run, without and with attach(). */
    hooksPlain: number[];
    hooksAttached: number[];
}
