/**
 * The Apify API transport never sends more than about one call a second, whatever `intervalSecs`
 * says: counted on the wire, PUTs received by the emulator over a measured window.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let emu: PlatformEmulator;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
});

afterEach(async () => {
    await emu.close();
});

it('intervalSecs: 0 with the Apify API: about one PUT a second, not hundreds', async () => {
    for (const [name, value] of Object.entries(emu.env())) vi.stubEnv(name, value);
    const reporter = new ProgressReporter({
        intervalSecs: 0,
        handleExit: false,
        persistStateKey: false,
        log: { info: () => undefined, warning: () => undefined },
    });
    vi.unstubAllEnvs();
    expect(reporter.transportName).toBe('Apify API');

    const startedAt = performance.now();
    while (performance.now() - startedAt < 3_000) {
        reporter.advance();
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const windowMs = performance.now() - startedAt;
    await reporter.flush();
    await reporter.finish();

    const puts = emu.timeline.filter((entry) => entry.method === 'PUT');
    const progress = puts.filter((entry) => entry.isStatusMessageTerminal === false);
    // One at the start, then one per full second of the window, and the one flush() waited for.
    expect(progress.length).toBeLessThanOrEqual(Math.floor(windowMs / 1_000) + 2);
    expect(puts.at(-1)?.isStatusMessageTerminal).toBe(true);
    process.stdout.write(
        `api-spacing: ${progress.length} progress PUTs in ${Math.round(windowMs)} ms with intervalSecs 0 (${reporter.snapshot().done} advance() calls)\n`,
    );
});
