import { afterEach, describe, expect, it, vi } from 'vitest';
import {
    handleTimeLimit,
    MIN_TIME_LIMIT_LEAD_MS,
    parseTimeoutAt,
    TIME_LIMIT_MARGIN_MS,
    timeLimitLeadMs,
} from '../../src/lifecycle/time-limit.js';
import type { LifecycleHost } from '../../src/lifecycle/types.js';

describe('the time limit', () => {
    afterEach(() => {
        vi.useRealTimers();
        delete process.env.ACTOR_TIMEOUT_AT;
    });

    it('is sent as late as delivery allows: twice the slowest recent call plus 1 s, within bounds', () => {
        expect(timeLimitLeadMs(undefined, 8_000)).toBe(MIN_TIME_LIMIT_LEAD_MS);
        expect(timeLimitLeadMs(80, 8_000)).toBe(MIN_TIME_LIMIT_LEAD_MS);
        expect(timeLimitLeadMs(1_500, 8_000)).toBe(4_000);
        // Never more than the terminal deadline plus the margin.
        expect(timeLimitLeadMs(5_250, 8_000)).toBe(8_000 + TIME_LIMIT_MARGIN_MS);
        expect(parseTimeoutAt('2026-01-01T00:01:00Z')).toBe(Date.parse('2026-01-01T00:01:00Z'));
        expect(parseTimeoutAt(undefined)).toBeUndefined();
        expect(parseTimeoutAt('not a date')).toBeUndefined();
    });

    function fakeHost(status: LifecycleHost['status'] = 'running') {
        const end = vi.fn((_timeoutAt: number) => undefined);
        const host = { ended: false, status, slowestRecentCallMs: undefined as number | undefined };
        const settings = { terminalDeadlineMs: 8_000, endAheadOfLimit: end };
        return { host: host as unknown as LifecycleHost & { slowestRecentCallMs: number | undefined }, end, settings };
    }

    it('sends "timed-out" 2 s before the limit on a fast API, with unref\'d timers', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:01:00Z';
        const { host, end, settings } = fakeHost();
        host.slowestRecentCallMs = 120;
        const unref = vi.spyOn(globalThis, 'setTimeout');
        const detach = handleTimeLimit(host, settings);
        await vi.advanceTimersByTimeAsync(60_000 - 2_000 - 1);
        expect(end).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        // Sent ahead of the limit, which it names: a real ending before then replaces it.
        expect(end).toHaveBeenCalledWith(Date.parse('2026-01-01T00:01:00Z'));
        expect(unref).toHaveBeenCalled();
        detach();
    });

    it('goes out earlier when the API turns slow near the limit', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:01:00Z';
        const { host, end, settings } = fakeHost();
        handleTimeLimit(host, settings);
        await vi.advanceTimersByTimeAsync(52_000);
        host.slowestRecentCallMs = 2_000; // lead: 2 × 2 s + 1 s = 5 s
        await vi.advanceTimersByTimeAsync(2_999);
        expect(end).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(501);
        expect(end).toHaveBeenCalledTimes(1);
    });

    it('never at start-up: a limit closer than 2 s when the reporter starts sends nothing', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:00:01.500Z';
        const { host, end, settings } = fakeHost();
        handleTimeLimit(host, settings);
        await vi.advanceTimersByTimeAsync(5_000);
        expect(end).not.toHaveBeenCalled();
    });

    it('a limit 4 s away at start-up: the first message is not the time limit, which comes 2 s before it', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:00:04Z';
        const { host, end, settings } = fakeHost();
        handleTimeLimit(host, settings);
        await vi.advanceTimersByTimeAsync(0);
        expect(end).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1_999);
        expect(end).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        expect(end).toHaveBeenCalledTimes(1);
    });

    it('sends nothing while migrating, once ended, or once detached', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:01:00Z';
        const migrating = fakeHost('migrating');
        handleTimeLimit(migrating.host, migrating.settings);
        const detachedHost = fakeHost();
        handleTimeLimit(detachedHost.host, detachedHost.settings)();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(migrating.end).not.toHaveBeenCalled();
        expect(detachedHost.end).not.toHaveBeenCalled();
    });
});
