export interface CrawlParams {
    rounds: number;
    requests: number;
    viewers: number;
    /** Ticks of the live view timed on their own (one tick = one second of a run). */
    ticks: number;
}

export type Side = 'off' | 'idle' | 'watched';

export interface CrawlResult {
    /** Per round and side: wall and CPU ms of the crawl process. */
    wallMs: Record<Side, number[]>;
    cpuMs: Record<Side, number[]>;
    /** Per round with viewers: bytes each viewer received (the whole stream, first event included). */
    bytesPerViewer: number[];
    /** Updates each viewer received per round. */
    updatesPerViewer: number[];
    /** CPU ms of `ticks` ticks, per round, with no viewer and with `viewers`. */
    ticksCpuMs: { none: number[]; watched: number[] };
}

export interface StreamParams {
    seconds: number;
}

export interface StreamResult {
    /** The first event: the whole state when a page connects (at the end of the run). */
    initBytes: number;
    /** Bytes after the first event, over `seconds` of a run moving every 100 ms. */
    steadyBytes: number;
    updates: number;
    seconds: number;
    /** The page's files as a browser loads them: raw and gzipped bytes. */
    pageRawBytes: number;
    pageGzipBytes: number;
}
