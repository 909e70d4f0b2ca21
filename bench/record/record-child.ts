/**
 * One local Actor run (`Actor.init()`, the SDK's local storage) with one reporter per record interval,
 * all fed the same steady progress; counts the record writes each makes. Local, so a write is the
 * SDK's `setValue` into the storage directory; on the platform each one is one PUT.
 */
import { Actor } from 'apify';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { readParams, sleep, writeResult } from '../lib/child-io.js';
import type { RecordLane, RecordParams, RecordResult } from './params.js';

const params = readParams<RecordParams>();
await Actor.init();
const silent = { info: () => undefined, warning: (message: string) => console.error(message) };
const reporters = params.intervalsSecs.map(
    (intervalSecs) =>
        new ProgressReporter({
            unit: 'pages',
            transport: new RecordingTransport(),
            handleExit: false,
            persistStateKey: false,
            progressRecord: `PROGRESS_${intervalSecs}S`,
            recordIntervalSecs: intervalSecs,
            log: silent,
        }),
);
const startedAt = Date.now();
const ticker = setInterval(() => {
    for (const reporter of reporters) {
        reporter.advance();
        reporter.addItems(3);
    }
}, params.tickMs);
await sleep(params.durationMs);
clearInterval(ticker);
await Promise.all(reporters.map((reporter) => reporter.finish()));
const elapsedMs = Date.now() - startedAt;

const lanes: RecordLane[] = [];
for (const [i, reporter] of reporters.entries()) {
    const intervalSecs = params.intervalsSecs[i] ?? 0;
    const record = (await Actor.getValue(`PROGRESS_${intervalSecs}S`)) as {
        status?: string;
        terminal?: boolean;
    } | null;
    lanes.push({
        intervalSecs,
        calls: reporter.recordCallCount,
        finalStatus: record?.status,
        finalTerminal: record?.terminal === true,
        statusCalls: reporter.callCount,
    });
}
const result: RecordResult = { elapsedMs, lanes };
writeResult(result);
process.exit(0);
