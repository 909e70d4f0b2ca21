/**
 * A count source that throws, in a real Actor process against the emulator: one warning, messages
 * as usual, a true terminal message, exit code 0. (Before: an unhandled rejection, the crash handler
 * reading the same source again, and Node exiting with code 7 and no PUT at all.)
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFixture } from '../helpers/child-actor.js';
import { expectOneTerminal } from '../helpers/terminal.js';

let emulator: PlatformEmulator;
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

it('a count source that throws costs one warning, never the run', async () => {
    const result = await startFixture(emulator, 'count-source-throws').exited;
    expect(result.code, result.stderr).toBe(0);
    expectOneTerminal(emulator, /^Finished: 6 of 10 pages done · in \d+ s$/);
    expect(emulator.statusMessages().map((m) => m.message)).toEqual([
        '0 of 10 pages done (0%)',
        '6 of 10 pages done (60%)',
        expect.stringMatching(/^Finished: 6 of 10/),
    ]);
    const warnings = `${result.stdout}\n${result.stderr}`
        .split('\n')
        .filter((line) => line.includes('A count source threw'));
    expect(warnings).toHaveLength(1);
});

it('an async count source that rejects costs one warning, never the run', async () => {
    // Before: the rejection went unhandled and the run ended with exit code 1.
    const result = await startFixture(emulator, 'count-source-rejects').exited;
    expect(result.code, result.stderr).toBe(0);
    expectOneTerminal(emulator, /^Finished: 6 of 10 pages done · in \d+ s$/);
    const warnings = `${result.stdout}\n${result.stderr}`
        .split('\n')
        .filter((line) => line.includes('A count source threw'));
    expect(warnings).toHaveLength(1);
});
