/**
 * A stalled run: while the counts stand still the message says so once ("no progress for 1 min"),
 * then changes rarely, so a stall costs a few calls, not one per interval. Fake clock, no sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import type { ProgressReporterOptions } from '../../src/options/options.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let transport: RecordingTransport;

function reporter(options: ProgressReporterOptions = {}): ProgressReporter {
    return new ProgressReporter({
        transport,
        log: { info: () => undefined, warning: () => undefined },
        clock: { now: () => Date.now() },
        intervalSecs: 5,
        unit: 'pages',
        handleExit: false,
        persistStateKey: false,
        ...options,
    });
}

/** Counts 10 pages a second for `seconds`. */
async function crawl(r: ProgressReporter, seconds: number) {
    for (let i = 0; i < seconds; i++) {
        r.advance(10);
        await vi.advanceTimersByTimeAsync(1_000);
    }
}

/** Lets `ms` pass, calling `tick` every 10 s as Crawlee's periodic status message does. */
async function stall(ms: number, tick: () => void = () => undefined) {
    for (let t = 0; t < ms; t += 1_000) {
        if (t % 10_000 === 0) tick();
        await vi.advanceTimersByTimeAsync(1_000);
    }
}

const MIN = 60_000;

beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    transport = new RecordingTransport(() => Date.now());
});

afterEach(() => {
    vi.useRealTimers();
});

describe('a stalled run', () => {
    it('costs at most 3 calls in a 60 s stall, and says so once', async () => {
        const r = reporter({ total: 1_000 });
        await crawl(r, 30);
        await vi.advanceTimersByTimeAsync(5_000); // the last counts land
        const before = transport.updates.length;
        await stall(60_000);
        const during = transport.messages.slice(before);
        expect(during.length).toBeLessThanOrEqual(3);
        expect(during).toEqual(['300 of 1,000 pages done (30%) · no progress for 1 min']);
        await crawl(r, 3);
        await vi.advanceTimersByTimeAsync(5_000);
        // Moving again: the stall is no longer said, the rate is back.
        expect(transport.messages.at(-1)).toMatch(/^330 of 1,000 pages done \(33%\) · \d+\/min · about \d+ min left$/);
    });

    it("stays quiet while a crawler's statistics are re-read every 10 s with the same counts", async () => {
        const r = reporter();
        let done = 0;
        r.addCountSource(() => r.setCounts({ done }));
        for (let i = 0; i < 30; i++) {
            done += 10;
            r.touch();
            await vi.advanceTimersByTimeAsync(1_000);
        }
        await vi.advanceTimersByTimeAsync(5_000);
        const before = transport.updates.length;
        // Crawlee's "Crawled X/Y pages" every 10 s reads the statistics and sets the same counts again.
        await stall(60_000, () => r.setCounts({ done }));
        const during = transport.messages.slice(before);
        expect(during.length).toBeLessThanOrEqual(3);
        expect(during).toEqual(['300 pages done · no progress for 1 min']);
    });

    it('says it again rarely: 1, 2, 5, 10, 20, 30 min, then every hour', async () => {
        const r = reporter({ total: 100 });
        r.advance(40);
        await r.flush();
        const before = transport.updates.length;
        await vi.advanceTimersByTimeAsync(3 * 60 * MIN);
        expect(transport.messages.slice(before)).toEqual(
            ['1 min', '2 min', '5 min', '10 min', '20 min', '30 min', '1 h', '2 h', '3 h'].map(
                (step) => `40 of 100 pages done (40%) · no progress for ${step}`,
            ),
        );
    });

    it('does not hold up the end, and sends nothing after it', async () => {
        const r = reporter({ total: 100 });
        r.advance(40);
        await r.flush();
        await vi.advanceTimersByTimeAsync(90_000);
        await r.finish();
        const count = transport.updates.length;
        await vi.advanceTimersByTimeAsync(60 * MIN);
        expect(transport.updates).toHaveLength(count);
        expect(transport.messages.at(-1)).toBe('Finished: 40 of 100 pages done · in 1 min 30 s');
    });
});
