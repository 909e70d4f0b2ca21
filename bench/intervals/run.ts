import { PlatformEmulator } from '@actor-progress/emulator';
import { ApifyApiTransport, ProgressReporter } from '../../src/index.js';
import { fixed, max } from '../lib/stats.js';
import { renderTable } from '../lib/table.js';
import { lagSeries, shownCount } from '../messages/analyze.js';

const INTERVALS_SECS = [1, 2, 5, 10];
const DURATION_MS = 30_000;
const ADVANCE_EVERY_MS = 20;
const SAMPLE_EVERY_MS = 50;

interface Lane {
    intervalSecs: number;
    emulator: PlatformEmulator;
    reporter: ProgressReporter;
}

export async function runIntervalsBenchmark(): Promise<string> {
    // All intervals side by side in real time, fed the same steady progress (50 items/s).
    const lanes: Lane[] = [];
    for (const intervalSecs of INTERVALS_SECS) {
        const emulator = await PlatformEmulator.start();
        const reporter = new ProgressReporter({
            unit: 'items',
            intervalSecs,
            transport: new ApifyApiTransport({ runId: emulator.runId, token: emulator.token, baseUrl: emulator.url }),
            handleExit: false,
            persistStateKey: false,
            progressRecord: false,
        });
        lanes.push({ intervalSecs, emulator, reporter });
    }
    let done = 0;
    const samples: [number, number][] = [[Date.now(), 0]];
    const startedAt = Date.now();
    const ticker = setInterval(() => {
        done++;
        for (const lane of lanes) lane.reporter.advance();
    }, ADVANCE_EVERY_MS);
    const sampler = setInterval(() => samples.push([Date.now(), done]), SAMPLE_EVERY_MS);
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
    clearInterval(ticker);
    clearInterval(sampler);
    const elapsedMs = Date.now() - startedAt;

    const rows: (string | number)[][] = [];
    for (const lane of lanes) {
        const progressPuts = lane.emulator.timeline.filter(
            (e) => e.method === 'PUT' && !e.isStatusMessageTerminal,
        ).length;
        const accepted = lane.emulator.timeline
            .filter((e) => e.method === 'PUT' && e.status === 200 && e.statusMessage !== undefined)
            .map((e) => ({ at: Date.parse(e.time), count: shownCount(e.statusMessage) }));
        await lane.reporter.finish();
        await lane.emulator.close();
        const lags = lagSeries(samples, accepted);
        const meanLagMs = lags.reduce((sum, lag) => sum + lag, 0) / lags.length;
        // The first message goes out at once; the rest are paced by the interval.
        const perHour = ((progressPuts - 1) / elapsedMs) * 3_600_000;
        rows.push([
            `${lane.intervalSecs} s`,
            progressPuts,
            fixed(perHour, 0),
            fixed(3_600 / lane.intervalSecs, 0),
            fixed((3_600 / lane.intervalSecs) * 24, 0),
            fixed(max(lags) / 1000, 1),
            fixed(meanLagMs / 1000, 1),
        ]);
    }
    return renderTable({
        title: `5. What the interval costs: ${DURATION_MS / 1000} s of steady progress (${1000 / ADVANCE_EVERY_MS} items/s), all intervals side by side`,
        headers: [
            'intervalSecs',
            'Progress PUTs',
            'PUTs per hour (measured, after the first)',
            'Ceiling per hour',
            'Ceiling per 24 h run',
            'Max lag s',
            'Mean lag s',
        ],
        rows,
        notes: [
            'One reporter per interval, each against its own emulator, all advanced by the same timer; lag as in table 1 (sampled every 50 ms).',
            'While a run makes progress the reporter uses its whole budget: one PUT per interval, so the ceiling is also the expected count.',
        ],
    });
}
