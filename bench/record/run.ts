import { runChild } from '../lib/child.js';
import { fixed } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import type { RecordParams, RecordResult } from './params.js';

const PARAMS: RecordParams = { intervalsSecs: [2, 5, 10, 30], durationMs: 60_000, tickMs: 20 };

export async function runRecordBenchmark(): Promise<string> {
    const child = await runChild<RecordResult>('record/record-child.ts', PARAMS, {
        timeoutMs: PARAMS.durationMs + 60_000,
    });
    const r = child.result;
    if (!r) throw new Error(`record child wrote no result:\n${child.stderr}`);
    const minutes = r.elapsedMs / 60_000;
    const rows = r.lanes.map((lane) => {
        const budget = Math.ceil(r.elapsedMs / 1000 / lane.intervalSecs) + 2;
        return [
            `${lane.intervalSecs} s${lane.intervalSecs === 30 ? ' (default)' : ''}`,
            lane.calls,
            budget,
            lane.calls <= budget ? 'yes' : 'NO',
            // The first write and the final one are outside the per-interval pace.
            fixed((lane.calls - 2) / minutes, 1),
            fixed(60 / lane.intervalSecs, 1),
            fixed((24 * 3_600) / lane.intervalSecs + 2, 0),
            `${lane.finalStatus ?? '(none)'}, ${lane.finalTerminal ? 'with' : 'WITHOUT'} the terminal message`,
            lane.statusCalls,
        ];
    });
    return renderTable({
        title: `8. What the progress record costs: ${fixed(r.elapsedMs / 1000, 0)} s of steady progress (${1000 / PARAMS.tickMs} pages/s), one reporter per record interval`,
        headers: [
            'recordIntervalSecs',
            'Record writes (final included)',
            'Budget ceil(T / interval) + 2',
            'Within budget',
            'Writes per minute, first and final aside (measured)',
            'Ceiling per minute',
            'Ceiling per 24 h run',
            'Final record',
            'Status calls (interval 5 s)',
        ],
        rows,
        notes: [
            "One child process, a local Actor run (`Actor.init()`, the SDK's local storage): every write is a real `setValue` into the storage directory; on the platform each is one `PUT /v2/key-value-stores/:id/records/PROGRESS`, at about $0.05 per 1,000 writes.",
            "The record's budget is its own, beside the status messages': the first change is written at once, then at most one write per interval while something changes, plus the final write after the terminal message (and one per migration). A run that makes no progress writes nothing.",
            "Status calls: the same reporters' status messages (default 5 s interval), for comparison; they are throttled separately and never wait for a record write.",
        ],
    });
}
