/**
 * A progress PUT that the client gave up on (it timed out) is still applied by the server, later:
 * after the terminal message, on a slow API. The real reporter, apify-client and the emulator,
 * which applies requests whose client went away, as a server does.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ApifyApiTransport } from '../../src/delivery/apify-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let emu: PlatformEmulator;
beforeEach(async () => {
    emu = await PlatformEmulator.start();
});
afterEach(async () => {
    await emu.close();
});

it('sends the terminal message again, late, so that it lands after a progress call that timed out', async () => {
    // The progress PUT is applied 1.2 s after it arrived; the client gives up after ~0.55 s.
    emu.fault({ match: 'non-terminal', delayMs: 1_200, times: 1 });
    const reporter = new ProgressReporter({
        transport: new ApifyApiTransport({ runId: emu.runId, token: emu.token, baseUrl: emu.url }),
        unit: 'pages',
        total: 10,
        intervalSecs: 0,
        requestTimeoutSecs: 0.3,
        maxAttempts: 1,
        terminalDeadlineSecs: 2.5,
        handleExit: false,
        log: { info: () => undefined, warning: () => undefined },
    });
    reporter.advance(3);
    await reporter.flush(); // given up: timed out
    expect(await reporter.finish()).toBe('delivered');
    // finish() resolves once the second copy has been answered, by then the late PUT was applied.
    await emu.waitFor((entries) => entries.some((entry) => entry.clientGone));

    const context = emu.formatTimeline({ all: true });
    expect(emu.run.isStatusMessageTerminal, context).toBe(true);
    expect(emu.run.statusMessage, context).toMatch(/^Finished: 3 of 10 pages done · in \d+ s$/);
    const shown = emu.statusMessages().map((record) => record.message);
    expect(shown.at(-1), context).toMatch(/^Finished: 3 of 10/);
    expect(shown.indexOf('3 of 10 pages done (30%)'), context).toBeLessThan(shown.length - 1);
    // Two copies of the same terminal message, nothing else after the first.
    const terminalPuts = emu.timeline.filter((entry) => entry.isStatusMessageTerminal);
    expect(terminalPuts.map((entry) => entry.statusMessage)).toEqual([shown.at(-1), shown.at(-1)]);
});

it('sends the terminal message once when no call went unanswered', async () => {
    const reporter = new ProgressReporter({
        transport: new ApifyApiTransport({ runId: emu.runId, token: emu.token, baseUrl: emu.url }),
        total: 10,
        intervalSecs: 0,
        handleExit: false,
        log: { info: () => undefined, warning: () => undefined },
    });
    reporter.advance(3);
    await reporter.flush();
    expect(await reporter.finish()).toBe('delivered');
    expect(emu.timeline.filter((entry) => entry.isStatusMessageTerminal)).toHaveLength(1);
});
