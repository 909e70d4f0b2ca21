/**
 * The hold on progress messages while a previous start's counts are read back (restore-hold.ts):
 * what is asked for meanwhile goes out once, at the release; a storage that never answers holds the
 * messages no longer than the limit. Fake clock: no waiting.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RestoreHold } from '../../src/reporter/restore-hold.js';

beforeEach(() => {
    vi.useFakeTimers();
});
afterEach(() => {
    vi.useRealTimers();
});

it('holds what is asked for meanwhile, and asks for it once at the release', async () => {
    const sent = vi.fn();
    const hold = new RestoreHold(sent);
    expect(hold.defer()).toBe(false); // nothing held before a restore starts
    hold.start(5_000);
    expect(hold.defer()).toBe(true);
    expect(hold.defer()).toBe(true);
    expect(sent).not.toHaveBeenCalled();
    hold.release();
    expect(sent).toHaveBeenCalledTimes(1);
    await expect(hold.released).resolves.toBeUndefined();
    expect(hold.defer()).toBe(false);
    hold.release(); // idempotent
    expect(sent).toHaveBeenCalledTimes(1);
});

it('a restore that never ends holds the messages no longer than the limit', () => {
    const sent = vi.fn();
    const hold = new RestoreHold(sent);
    hold.start(5_000);
    hold.defer();
    vi.advanceTimersByTime(4_999);
    expect(sent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(sent).toHaveBeenCalledTimes(1);
    expect(hold.defer()).toBe(false);
});

it('a release with nothing asked for sends nothing', () => {
    const sent = vi.fn();
    const hold = new RestoreHold(sent);
    hold.start(5_000);
    hold.release();
    vi.advanceTimersByTime(10_000);
    expect(sent).not.toHaveBeenCalled();
});
