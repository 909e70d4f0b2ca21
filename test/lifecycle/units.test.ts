import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProgressState } from '../../src/counting/saved-state.js';
import { currentExitCode, outcomeOfExitCode, outcomeOfSdkExit } from '../../src/lifecycle/exit-outcome.js';
import { signalExitCode } from '../../src/lifecycle/signals.js';
import { handleTimeLimit, TIME_LIMIT_MARGIN_MS, timeLimitDelayMs } from '../../src/lifecycle/time-limit.js';
import type { LifecycleHost } from '../../src/lifecycle/types.js';

describe('what the terminal message says when the SDK exits', () => {
    it("takes the user's own message as it is, failed when the code is not 0", () => {
        expect(outcomeOfSdkExit({ statusMessage: 'Done', exitCode: 0 })).toEqual({
            status: 'finished',
            message: 'Done',
        });
        expect(outcomeOfSdkExit({ statusMessage: 'Bad input', exitCode: 1 })).toEqual({
            status: 'failed',
            message: 'Bad input',
        });
    });

    it('without a message: finished on 0, the main error on 91, the code otherwise', () => {
        expect(outcomeOfSdkExit({ exitCode: 0 })).toEqual({ status: 'finished' });
        expect(outcomeOfSdkExit({ statusMessage: '  ' })).toEqual({ status: 'finished' });
        const error = new Error('boom');
        expect(outcomeOfSdkExit({ exitCode: 91 }, { mainError: error })).toEqual({ status: 'failed', reason: error });
        expect(outcomeOfSdkExit({ exitCode: 91 })).toEqual({
            status: 'failed',
            reason: 'the main function threw (exit code 91)',
        });
        expect(outcomeOfSdkExit({ exitCode: 2 })).toEqual({ status: 'failed', reason: 'exit code 2' });
    });

    it('a clean exit after a signal someone else handled reads as aborted', () => {
        expect(outcomeOfExitCode(0, { interruptedBy: 'SIGINT' })).toEqual({
            status: 'aborted',
            reason: 'interrupted by SIGINT',
        });
    });

    it('reads process.exitCode in the forms Node accepts', () => {
        expect(currentExitCode(undefined)).toBe(0);
        expect(currentExitCode(3)).toBe(3);
        expect(currentExitCode('4')).toBe(4);
        expect(currentExitCode('x')).toBe(0);
    });

    it('exit codes 130 and 143 read as interrupted by SIGINT / SIGTERM, not as failures', () => {
        expect(outcomeOfExitCode(130)).toEqual({ status: 'aborted', reason: 'interrupted by SIGINT' });
        expect(outcomeOfExitCode(143)).toEqual({ status: 'aborted', reason: 'interrupted by SIGTERM' });
        expect(outcomeOfExitCode(137)).toEqual({ status: 'failed', reason: 'exit code 137' });
    });

    it('signal exit codes are 128 + the signal number', () => {
        expect(signalExitCode('SIGTERM')).toBe(143);
        expect(signalExitCode('SIGINT')).toBe(130);
    });
});

describe('the time limit', () => {
    afterEach(() => {
        vi.useRealTimers();
        delete process.env.ACTOR_TIMEOUT_AT;
    });

    it('is due the lead time before ACTOR_TIMEOUT_AT, at once when that is past, never without a limit', () => {
        const now = Date.parse('2026-01-01T00:00:00Z');
        expect(timeLimitDelayMs('2026-01-01T00:01:00Z', now, 10_000)).toBe(50_000);
        expect(timeLimitDelayMs('2026-01-01T00:00:05Z', now, 10_000)).toBe(0);
        expect(timeLimitDelayMs(undefined, now, 10_000)).toBeUndefined();
        expect(timeLimitDelayMs('not a date', now, 10_000)).toBeUndefined();
    });

    function fakeHost(status: LifecycleHost['status'] = 'running') {
        const end = vi.fn(async () => 'delivered' as const);
        const host = { ended: false, status, end } as unknown as LifecycleHost;
        return { host, end };
    }

    it('sends "timed-out" when the terminal deadline plus the margin is left, and is unref\'d', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:01:00Z';
        const { host, end } = fakeHost();
        const unref = vi.spyOn(globalThis, 'setTimeout');
        const detach = handleTimeLimit(host, 8_000);
        const due = 60_000 - 8_000 - TIME_LIMIT_MARGIN_MS;
        await vi.advanceTimersByTimeAsync(due - 1);
        expect(end).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        expect(end).toHaveBeenCalledWith({ status: 'timed-out' });
        expect(unref).toHaveBeenCalled();
        detach();
    });

    it('sends nothing while migrating or once detached', async () => {
        vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
        process.env.ACTOR_TIMEOUT_AT = '2026-01-01T00:01:00Z';
        const migrating = fakeHost('migrating');
        handleTimeLimit(migrating.host, 8_000);
        const detachedHost = fakeHost();
        handleTimeLimit(detachedHost.host, 8_000)();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(migrating.end).not.toHaveBeenCalled();
        expect(detachedHost.end).not.toHaveBeenCalled();
    });
});

describe('saved progress', () => {
    const valid = {
        version: 1,
        startedAt: 1_000,
        done: 4,
        failed: 1,
        retried: 2,
        total: 10,
        totalIsEstimate: false,
        phase: 'Scraping',
        completedPhases: [{ name: 'Listing', done: 2, failed: 0, total: 2, unit: ['category', 'categories'] }],
    };

    it('reads back what was saved', () => {
        expect(parseProgressState(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
    });

    it('rejects anything else: another version, negative counts, a broken step, not an object', () => {
        expect(parseProgressState({ ...valid, version: 2 })).toBeUndefined();
        expect(parseProgressState({ ...valid, done: -1 })).toBeUndefined();
        expect(parseProgressState({ ...valid, completedPhases: [{ name: 'x' }] })).toBeUndefined();
        expect(parseProgressState('4 of 10')).toBeUndefined();
        expect(parseProgressState(null)).toBeUndefined();
    });
});
