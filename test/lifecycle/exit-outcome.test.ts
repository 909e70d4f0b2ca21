import { describe, expect, it } from 'vitest';
import { isCompleted } from '../../src/counting/outcome.js';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { currentExitCode, outcomeOfExitCode, outcomeOfSdkExit } from '../../src/lifecycle/exit-outcome.js';
import { signalExitCode } from '../../src/lifecycle/signals.js';
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

    it("a failing exit the SDK's exit() ends with the user's message is that message (the exit hook after finish())", () => {
        const sdkExit = { statusMessage: 'Export to Google Sheets failed', exitCode: 1 };
        expect(outcomeOfExitCode(1, { sdkExit })).toEqual({
            status: 'failed',
            message: 'Export to Google Sheets failed',
        });
        // Another code than the one the SDK was given, no message, a blank one, or a clean exit: worded from the code.
        expect(outcomeOfExitCode(3, { sdkExit })).toEqual({ status: 'failed', reason: 'exit code 3' });
        expect(outcomeOfExitCode(1, { sdkExit: { exitCode: 1 } })).toEqual({ status: 'failed', reason: 'exit code 1' });
        expect(outcomeOfExitCode(1, { sdkExit: { statusMessage: ' ', exitCode: 1 } })).toEqual({
            status: 'failed',
            reason: 'exit code 1',
        });
        expect(outcomeOfExitCode(0, { sdkExit: { statusMessage: 'All done', exitCode: 0 } })).toEqual({
            status: 'finished',
        });
    });
});
