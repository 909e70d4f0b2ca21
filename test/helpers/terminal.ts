import type { PlatformEmulator } from '@actor-progress/emulator';
import { expect } from 'vitest';

/**
 * What every exit path must leave: the run's message as the emulator holds it, terminal, matching
 * `pattern`; exactly one terminal message, the last one; no request at all after it.
 */
export function expectOneTerminal(emulator: PlatformEmulator, pattern: RegExp): void {
    const context = emulator.formatTimeline({ all: true });
    expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
    expect(emulator.run.statusMessage, context).toMatch(pattern);
    const messages = emulator.statusMessages();
    expect(
        messages.filter((message) => message.terminal),
        context,
    ).toHaveLength(1);
    expect(messages.at(-1)?.terminal, context).toBe(true);
    expect(
        emulator.timeline.filter((entry) => entry.afterTerminal),
        context,
    ).toEqual([]);
}

/**
 * Like `expectOneTerminal`, for the exits where the same terminal message may be sent twice: the
 * process exited while its call was in flight, and the exit hook sent the same text again (the
 * copy in flight may land too). One terminal *message*: every accepted terminal PUT carries the
 * same text, nothing but that text follows the first one, and the run ends on it.
 */
export function expectOneTerminalMessage(emulator: PlatformEmulator, pattern: RegExp): void {
    const context = emulator.formatTimeline({ all: true });
    expect(emulator.run.isStatusMessageTerminal, context).toBe(true);
    expect(emulator.run.statusMessage, context).toMatch(pattern);
    const messages = emulator.statusMessages();
    const first = messages.findIndex((message) => message.terminal);
    const after = messages.slice(first);
    expect(
        after.every((message) => message.terminal && message.message === emulator.run.statusMessage),
        context,
    ).toBe(true);
    expect(after.length, context).toBeLessThanOrEqual(2);
}
