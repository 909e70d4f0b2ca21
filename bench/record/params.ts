export interface RecordParams {
    intervalsSecs: number[];
    durationMs: number;
    /** Steady progress: one `advance()` and three items this often. */
    tickMs: number;
}

export interface RecordLane {
    intervalSecs: number;
    /** Store calls made for the record, the final write included. */
    calls: number;
    /** The final record as stored: its status and whether it holds the terminal message. */
    finalStatus: string | undefined;
    finalTerminal: boolean;
    statusCalls: number;
}

export interface RecordResult {
    elapsedMs: number;
    lanes: RecordLane[];
}
