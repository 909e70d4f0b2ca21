import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCompleted } from '../../src/counting/outcome.js';
import { parseProgressState } from '../../src/counting/saved-state.js';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { currentExitCode, outcomeOfExitCode, outcomeOfSdkExit } from '../../src/lifecycle/exit-outcome.js';
import { signalExitCode } from '../../src/lifecycle/signals.js';
import {
    handleTimeLimit,
    MIN_TIME_LIMIT_LEAD_MS,
    parseTimeoutAt,
    TIME_LIMIT_MARGIN_MS,
    timeLimitLeadMs,
} from '../../src/lifecycle/time-limit.js';
import type { LifecycleHost } from '../../src/lifecycle/types.js';
import { snapshotOf } from '../helpers/snapshot.js';

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

    it('unless the run completed all the same: then it finished', () => {
        expect(outcomeOfExitCode(0, { interruptedBy: 'SIGTERM', completed: true })).toEqual({ status: 'finished' });
        expect(outcomeOfSdkExit({ exitCode: 0 }, { interruptedBy: 'SIGTERM', completed: true })).toEqual({
            status: 'finished',
        });
        // The code says it was interrupted: it was, whatever the counts.
        expect(outcomeOfExitCode(130, { completed: true })).toEqual({
            status: 'aborted',
            reason: 'interrupted by SIGINT',
        });
    });

    it('completed: a firm total all handled, and no step left after this one', () => {
        const at = (fields: Partial<ProgressSnapshot>) => isCompleted(snapshotOf(fields));
        expect(at({ done: 9, failed: 1, total: 10 })).toBe(true);
        expect(at({ done: 9, failed: 0, total: 10 })).toBe(false);
        expect(at({ done: 10, total: 10, totalIsEstimate: true })).toBe(false);
        expect(at({ done: 10, total: undefined })).toBe(false);
        expect(at({ done: 10, total: 10, phase: { name: 'A', index: 1, count: 2 } })).toBe(false);
        expect(at({ done: 10, total: 10, phase: { name: 'B', index: 2, count: 2 } })).toBe(true);
        expect(at({ done: 10, total: 10, phase: { name: 'B', index: 2, count: undefined } })).toBe(true);
    });

    it('reads process.exitCode in the forms Node accepts', () => {
        expect(currentExitCode(undefined)).toBe(0);
        expect(currentExitCode(3)).toBe(3);
        expect(currentExitCode('4')).toBe(4);
        expect(currentExitCode('x')).toBe(0);
    });

    it('exit codes 129, 130 and 143 read as interrupted by SIGHUP / SIGINT / SIGTERM, not as failures', () => {
        expect(outcomeOfExitCode(129)).toEqual({ status: 'aborted', reason: 'interrupted by SIGHUP' });
        expect(outcomeOfExitCode(130)).toEqual({ status: 'aborted', reason: 'interrupted by SIGINT' });
        expect(outcomeOfExitCode(143)).toEqual({ status: 'aborted', reason: 'interrupted by SIGTERM' });
        expect(outcomeOfExitCode(137)).toEqual({ status: 'failed', reason: 'exit code 137' });
    });

    it('signal exit codes are 128 + the signal number', () => {
        expect(signalExitCode('SIGTERM')).toBe(143);
        expect(signalExitCode('SIGINT')).toBe(130);
        expect(signalExitCode('SIGHUP')).toBe(129);
    });

    it('exit code 1 after a crash names the crash; any other code, or none, does not', () => {
        const error = new TypeError('boom');
        expect(outcomeOfExitCode(1, { crash: { error } })).toEqual({ status: 'failed', reason: error });
        expect(outcomeOfExitCode(1)).toEqual({ status: 'failed', reason: 'exit code 1' });
        expect(outcomeOfExitCode(0, { crash: { error } })).toEqual({ status: 'finished' });
    });
});

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
        items: 12,
        failures: [{ reason: 'HTTP 500', count: 1 }],
    };

    it('reads back what was saved', () => {
        expect(parseProgressState(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
    });

    it('reads a state saved before items and failure reasons were saved as having none', () => {
        const { items: _, failures: __, ...older } = valid;
        expect(parseProgressState(older)).toEqual({ ...older, items: 0, failures: [] });
    });

    it('rejects anything else: another version, negative counts, a broken step, not an object', () => {
        expect(parseProgressState({ ...valid, version: 2 })).toBeUndefined();
        expect(parseProgressState({ ...valid, done: -1 })).toBeUndefined();
        expect(parseProgressState({ ...valid, completedPhases: [{ name: 'x' }] })).toBeUndefined();
        expect(parseProgressState('4 of 10')).toBeUndefined();
        expect(parseProgressState(null)).toBeUndefined();
    });
});
