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

export interface WireParams {
    /** How long a viewer is watched for. */
    seconds: number;
    /** When the run is joined by a late viewer, and the watching begins. */
    lateAfterSeconds: number;
}

export interface WireResult {
    seconds: number;
    /** Bytes one viewer received over `seconds` of the hard run, after its first event. */
    movingBytes: number;
    movingUpdates: number;
    /** What the same seconds cost sent as before: the whole document and the messages every second. */
    fullDocumentBytes: number;
    /** Bytes over `stillSeconds` of the run standing still. */
    stillBytes: number;
    stillSeconds: number;
    /** The first event of a page opened 10 minutes in, and a day in. */
    lateAfter10Min: number;
    lateAfterDay: number;
    /** The same first events as they were before (the whole document, history and last 100 messages). */
    lateAfter10MinBefore: number;
    lateAfterDayBefore: number;
    /** The run's message length and failure reasons then, for the table's title. */
    messageLength: number;
    reasons: number;
    /** The page's files as a browser loads them: raw and gzipped bytes. */
    pageRawBytes: number;
    pageGzipBytes: number;
}
