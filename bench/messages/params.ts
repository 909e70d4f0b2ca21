/** How the crawl is reported: who writes the status messages. */
export type Mode = 'crawlee' | 'naive' | 'progress';

export interface CrawlParams {
    mode: Mode;
    urls: string[];
    maxConcurrency: number;
    /** actor-progress's `intervalSecs`. */
    intervalSecs: number;
    /** Crawlee's `statusMessageLoggingInterval`. */
    crawleeIntervalSecs: number;
    sampleEveryMs: number;
    /** Crawlee's `requestHandlerTimeoutSecs`, when a page may take longer than its 60 s default. */
    requestHandlerTimeoutSecs?: number;
}

export interface CrawlResult {
    /** [Date.now(), requests handled so far] every `sampleEveryMs`, from the crawl's start to the exit. */
    samples: [number, number][];
    crawlStartedAt: number;
    crawlEndedAt: number;
    exitStartedAt: number;
}
