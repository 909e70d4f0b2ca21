/**
 * The terminal message at process exit (`terminateAtExit`, a synchronous send), and the second copy
 * of the terminal message after a progress call went unanswered. Fake clocks; a transport the test
 * settles by hand.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublisherSettings } from '../../src/delivery/publisher.js';
import { DeliveryError, type SendOptions, type StatusUpdate } from '../../src/delivery/transport.js';
import { ControlledTransport, serverError, testPublisher } from '../helpers/controlled-transport.js';

/** A controlled transport that can also send synchronously, answering as the test says. */
class SyncCapableTransport extends ControlledTransport {
    readonly syncCalls: { update: StatusUpdate; options: SendOptions }[] = [];
    syncAnswer: 'ok' | DeliveryError = 'ok';

    sendSync(update: StatusUpdate, options: SendOptions): void {
        this.syncCalls.push({ update, options });
        if (this.syncAnswer !== 'ok') throw this.syncAnswer;
    }
}

let transport: SyncCapableTransport;
let failures: { kind: string; terminal: boolean; willRetry: boolean }[];
let delivered: StatusUpdate[];
let text: string;

function publisher(overrides: Partial<PublisherSettings> = {}) {
    return testPublisher(transport, () => text, {
        onFailure: (failure, context) => failures.push({ kind: failure.kind, ...context }),
        onDelivered: (update) => delivered.push(update),
        ...overrides,
    });
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    transport = new SyncCapableTransport();
    failures = [];
    delivered = [];
    text = '';
});

afterEach(() => {
    vi.useRealTimers();
});

describe('the terminal message at process exit', () => {
    it('with none asked for: sends the given text synchronously, terminal, and closes', async () => {
        const p = publisher();
        text = '2 of 10';
        p.request();
        await settle();
        transport.last().resolve();
        await settle();
        expect(p.terminateAtExit('Finished: 2 of 10', 2_000)).toBe('delivered');
        expect(transport.syncCalls.map((call) => [call.update, call.options.timeoutMs])).toEqual([
            [{ statusMessage: 'Finished: 2 of 10', isStatusMessageTerminal: true }, 2_000],
        ]);
        expect(p.closed).toBe(true);
        expect(p.lastDelivered).toBe('Finished: 2 of 10');
        expect(delivered.at(-1)).toEqual({ statusMessage: 'Finished: 2 of 10', isStatusMessageTerminal: true });
        p.request();
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.calls).toHaveLength(1);
    });

    it('sends no secret: the text at exit goes through the same redaction as every other', async () => {
        const redact = (line: string) => line.replaceAll('SECRET_TOKEN', '***');
        const atExit = publisher({ redact });
        expect(atExit.terminateAtExit('Failed: GET /x?token=SECRET_TOKEN', 2_000)).toBe('delivered');
        // A terminal message asked for before the exit, still unanswered: the copy sent at exit is clean too.
        const asked = publisher({ redact });
        void asked.terminate('Aborted: GET /y?token=SECRET_TOKEN');
        await settle();
        expect(asked.terminateAtExit('ignored', 2_000)).toBe('delivered');
        expect(transport.syncCalls.map((call) => call.update.statusMessage)).toEqual([
            'Failed: GET /x?token=***',
            'Aborted: GET /y?token=***',
        ]);
        expect(transport.messages).toEqual(['Aborted: GET /y?token=***']);
    });

    it('once the terminal message has landed: sends nothing', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        await p.terminate('Finished');
        expect(p.terminateAtExit('Finished: from the exit code', 2_000)).toBe('already-sent');
        expect(transport.syncCalls).toEqual([]);
    });

    it('while the terminal call is in flight: sends the same text again, never another one', async () => {
        const p = publisher();
        void p.terminate('Aborted: 2 of 10');
        await settle();
        expect(transport.messages).toEqual(['Aborted: 2 of 10']); // on the wire, not answered
        await vi.advanceTimersByTimeAsync(1_500);
        expect(p.terminateAtExit('Failed: exit code 1', 2_000)).toBe('delivered');
        expect(transport.syncCalls.map((call) => [call.update.statusMessage, call.options])).toEqual([
            ['Aborted: 2 of 10', { timeoutMs: 2_000, attempt: 2 }],
        ]);
    });

    it('never past the terminal deadline: only what is left of it, nothing once it is spent', async () => {
        const p = publisher(); // 8 s deadline
        void p.terminate('Finished');
        await settle();
        await vi.advanceTimersByTimeAsync(7_000);
        p.terminateAtExit('ignored', 2_000);
        expect(transport.syncCalls.map((call) => call.options.timeoutMs)).toEqual([1_000]);

        transport = new SyncCapableTransport();
        const late = publisher();
        void late.terminate('Finished');
        await settle();
        await vi.advanceTimersByTimeAsync(7_800);
        transport.last().reject(serverError());
        await vi.advanceTimersByTimeAsync(300); // the deadline passes during the pause before a retry
        expect(late.terminateAtExit('ignored', 2_000)).toBe('failed');
        expect(transport.syncCalls).toEqual([]);
    });

    it('given up at its deadline: sends nothing more', async () => {
        const p = publisher();
        transport.autoAnswer = serverError();
        const outcome = p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(9_000);
        expect(await outcome).toBe('failed');
        expect(p.terminateAtExit('Finished', 2_000)).toBe('failed');
        expect(transport.syncCalls).toEqual([]);
        expect(failures.at(-1)).toMatchObject({ terminal: true, willRetry: false });
    });

    it('a transport that cannot send synchronously: says so, sends nothing', () => {
        const plain = new ControlledTransport();
        const p = testPublisher(plain, () => text);
        expect(p.terminateAtExit('Finished', 2_000)).toBe('unsupported');
        expect(plain.calls).toEqual([]);
    });

    it('a synchronous send that fails: reported as the terminal message given up', () => {
        const p = publisher();
        transport.syncAnswer = new DeliveryError('no answer', { retryable: false, kind: 'timeout' });
        expect(p.terminateAtExit('Finished', 2_000)).toBe('failed');
        expect(failures).toEqual([{ kind: 'timeout', terminal: true, attempt: 1, willRetry: false }]);
    });
});

describe('a progress call that went unanswered', () => {
    const timedOut = () => new DeliveryError('timed out', { retryable: true, kind: 'timeout' });
    const finishedCopies = () => transport.messages.filter((m) => m.startsWith('Finished'));

    /** A progress call given up (timed out) at the current time. */
    async function progressTimesOut(p: ReturnType<typeof publisher>): Promise<void> {
        text = '3 of 10';
        p.request();
        await settle();
        transport.last().reject(timedOut());
        await settle();
    }

    it('makes the terminal message go out again once that call can no longer land', async () => {
        const p = publisher(); // 2 s request timeout, 8 s deadline
        await progressTimesOut(p);
        transport.autoAnswer = 'ok';
        const finished = p.terminate('Finished: 3 of 10');
        await settle();
        expect(finishedCopies()).toHaveLength(1);
        // It may land until one more request timeout and a 1 s margin have passed: 2 s + 1 s.
        await vi.advanceTimersByTimeAsync(2_999);
        expect(finishedCopies()).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(1);
        expect(transport.calls.at(-1)?.update).toEqual({
            statusMessage: 'Finished: 3 of 10',
            isStatusMessageTerminal: true,
        });
        expect(await finished).toBe('delivered');
        expect(delivered.filter((update) => update.isStatusMessageTerminal)).toHaveLength(2);
    });

    it('never later than the deadline allows, keeping time for the copy to land', async () => {
        const p = publisher({ requestTimeoutMs: 5_000 }); // may land until 5 s + 1 s after it was given up
        await progressTimesOut(p);
        transport.autoAnswer = 'ok';
        void p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(5_999); // 8 s deadline - min(2 s reserve, 5 s) = 6 s
        expect(finishedCopies()).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(1);
        expect(finishedCopies()).toHaveLength(2);
    });

    it('a timeout long before the end no longer counts: one terminal message, the end not held up', async () => {
        const p = publisher();
        await progressTimesOut(p);
        transport.autoAnswer = 'ok';
        text = '4 of 10';
        p.request();
        await vi.advanceTimersByTimeAsync(60_000); // the run goes on; the next progress lands
        const finished = p.terminate('Finished');
        let settled = false;
        void finished.then(() => {
            settled = true;
        });
        await settle();
        expect(settled).toBe(true);
        await vi.advanceTimersByTimeAsync(10_000);
        expect(finishedCopies()).toHaveLength(1);
    });

    it('an answered failure (HTTP 500) is not one: a single terminal message', async () => {
        const p = publisher();
        text = '3 of 10';
        p.request();
        await settle();
        transport.autoAnswer = 'ok'; // the retry lands
        transport.last().reject(serverError());
        await vi.advanceTimersByTimeAsync(1_000);
        const finished = p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(10_000);
        expect(await finished).toBe('delivered');
        expect(transport.messages.filter((m) => m === 'Finished')).toHaveLength(1);
    });

    it('the process exiting while the second copy waits: it goes at exit, at its time, and only there', async () => {
        const p = publisher();
        await progressTimesOut(p); // at 0 s: may land until 3 s
        transport.autoAnswer = 'ok';
        void p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(1_000);
        expect(p.terminateAtExit('ignored', 2_000)).toBe('already-sent');
        expect(transport.syncCalls).toEqual([]);
        // Due when the call can no longer land (3 s), within the budget's end (3 s) less 0.5 s for itself.
        expect(p.exitWritesUntil).toBe(2_500);
        vi.setSystemTime(2_500);
        p.resendAtExit();
        expect(transport.syncCalls.map((call) => [call.update, call.options.timeoutMs])).toEqual([
            [{ statusMessage: 'Finished', isStatusMessageTerminal: true }, 500],
        ]);
        await vi.advanceTimersByTimeAsync(10_000);
        expect(finishedCopies()).toHaveLength(1); // the asynchronous copy was called off
    });
});

describe('a progress call in flight when the process exits', () => {
    it('the terminal message goes at once, and once more near the end of the budget', async () => {
        const p = publisher();
        text = '0 of 10';
        p.request();
        await settle();
        expect(transport.messages).toEqual(['0 of 10']); // on the wire, not answered: it may land any time
        expect(p.terminateAtExit('Failed: 0 of 10 · exit code 1', 2_000)).toBe('delivered');
        expect(p.exitWritesUntil).toBe(1_500);
        vi.setSystemTime(1_500);
        p.resendAtExit();
        expect(transport.syncCalls.map((call) => [call.update.statusMessage, call.options.timeoutMs])).toEqual([
            ['Failed: 0 of 10 · exit code 1', 2_000],
            ['Failed: 0 of 10 · exit code 1', 500],
        ]);
        expect(p.callCount).toBe(3);
    });

    it('none in flight and none unanswered: one copy, nothing planned', async () => {
        const p = publisher();
        text = '2 of 10';
        p.request();
        await settle();
        transport.last().resolve();
        await settle();
        expect(p.terminateAtExit('Finished', 2_000)).toBe('delivered');
        expect(p.exitWritesUntil).toBe(2_000); // no copy planned: the whole budget
        p.resendAtExit();
        expect(transport.syncCalls).toHaveLength(1);
    });

    it('a second copy that fails changes nothing: the first one landed', async () => {
        const p = publisher();
        text = '0 of 10';
        p.request();
        await settle();
        expect(p.terminateAtExit('Finished', 2_000)).toBe('delivered');
        transport.syncAnswer = new DeliveryError('no answer', { retryable: false, kind: 'timeout' });
        vi.setSystemTime(1_500);
        p.resendAtExit();
        expect(failures).toEqual([]);
    });
});
