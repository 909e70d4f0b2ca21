/**
 * A run has one status message: a second reporter writing to the same run through the Apify API is
 * refused at construction, with the reason; reporters with transports of their own are unaffected,
 * and a run that had its terminal message stays claimed. On the wire, against the emulator.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import type { ProgressReporterOptions } from '../../src/options/options.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

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
            /another ProgressReporter already reports to run .* through the Apify API\. A run has one status message.*reporter\.phase\(name\)/,
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

    it('keeps the run once its terminal message was sent: a second reporter is refused, pointing to phase()', async () => {
        const first = onTheRun({ total: 10 });
        first.advance(10);
        await first.finish();
        expect(() => onTheRun({ unit: 'products', total: 5 })).toThrow(
            /run .* already had its terminal message from another ProgressReporter\. Nothing may follow a terminal message.*call reporter\.phase\(name\) for each step/,
        );
        // Even before the terminal message has landed: it was asked for.
        const other = await PlatformEmulator.start();
        try {
            for (const [name, value] of Object.entries(other.env())) vi.stubEnv(name, value);
            const asked = new ProgressReporter({ handleExit: false, persistStateKey: false, log: first.options.log });
            const finishing = asked.finish();
            expect(() => new ProgressReporter({ handleExit: false, persistStateKey: false })).toThrow(
                /already had its terminal message/,
            );
            vi.unstubAllEnvs();
            await finishing;
        } finally {
            vi.unstubAllEnvs();
            await other.close();
        }
        // Nothing came after the terminal message.
        const shown = emu.statusMessages();
        expect(shown.at(-1)?.terminal).toBe(true);
        expect(emu.timeline.filter((entry) => entry.afterTerminal)).toEqual([]);
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
