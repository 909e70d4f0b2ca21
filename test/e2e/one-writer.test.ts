/**
 * A run has one status message: a second reporter writing to the same run through the Apify API is
 * refused at construction, with the reason; reporters with transports of their own are unaffected,
 * and a reporter that ended frees the run. On the wire, against the emulator.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import type { ProgressReporterOptions } from '../../src/options/options.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { PlatformEmulator } from '../../src/testing/index.js';

let emu: PlatformEmulator;

function onTheRun(options: ProgressReporterOptions = {}): ProgressReporter {
    for (const [name, value] of Object.entries(emu.env())) vi.stubEnv(name, value);
    try {
        return new ProgressReporter({
            handleExit: false,
            persistStateKey: false,
            intervalSecs: 0,
            unit: 'pages',
            log: { info: () => undefined, warning: () => undefined },
            ...options,
        });
    } finally {
        vi.unstubAllEnvs();
    }
}

beforeEach(async () => {
    emu = await PlatformEmulator.start();
});

afterEach(async () => {
    await emu.close();
});

describe('one writer per run', () => {
    it('refuses a second reporter on the same run, so the Console never alternates between two', async () => {
        const first = onTheRun({ total: 10 });
        expect(() => onTheRun({ total: 99 })).toThrow(
            /another ProgressReporter already reports to run .* through the Apify API\. A run has one status message/,
        );
        first.advance(3);
        await first.flush();
        await first.finish();
        expect(emu.statusMessages().map((m) => m.message)).toEqual([
            '3 of 10 pages done (30%)',
            expect.stringMatching(/^Finished: 3 of 10 pages done/),
        ]);
    });

    it('leaves reporters with their own transports alone, next to one on the API', async () => {
        const onApi = onTheRun();
        const recorded = onTheRun({ transport: new RecordingTransport() });
        const another = onTheRun({ transport: new RecordingTransport() });
        recorded.advance();
        another.advance();
        await Promise.all([recorded.finish(), another.finish(), onApi.finish()]);
        expect(emu.statusMessages().filter((m) => m.terminal)).toHaveLength(1);
    });

    it('frees the run once the reporter on it has ended', async () => {
        const first = onTheRun();
        first.advance();
        await first.finish();
        const second = onTheRun();
        expect(second.transportName).toBe('Apify API');
        await second.finish('second part done');
        expect(emu.run.statusMessage).toBe('second part done');
    });

    it('tells runs apart: the same run id at another API is another run', async () => {
        const other = await PlatformEmulator.start({ runId: emu.runId });
        try {
            const here = onTheRun();
            for (const [name, value] of Object.entries(other.env())) vi.stubEnv(name, value);
            const there = new ProgressReporter({ handleExit: false, persistStateKey: false, log: here.options.log });
            vi.unstubAllEnvs();
            await Promise.all([here.finish('here'), there.finish('there')]);
            expect([emu.run.statusMessage, other.run.statusMessage]).toEqual(['here', 'there']);
        } finally {
            await other.close();
        }
    });
});
