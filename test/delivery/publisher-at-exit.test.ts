/**
 * The exit sequence (`endAtExit`: the terminal message sent synchronously, the final record through
 * its hook, a second copy when a stale call may land after the first), and the second copy of the
 * terminal message after a progress call went unanswered. Fake clocks (the exit sequence blocks on
 * the fake one); a transport the test settles by hand.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublisherSettings } from '../../src/delivery/publisher.js';
import { DeliveryError, type SendOptions, type StatusUpdate } from '../../src/delivery/transport.js';
import { badToken, ControlledTransport, serverError, testPublisher } from '../helpers/controlled-transport.js';

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
        sleepBlocking: (ms) => vi.advanceTimersByTime(ms),
        ...overrides,
    });
}

const atExit = (budgetMs = 2_000, replace = false) => ({ budgetMs, replace });

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
        expect(p.endAtExit('Finished: 2 of 10', atExit())).toBe('delivered');
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
        const exiting = publisher({ redact });
        expect(exiting.endAtExit('Failed: GET /x?token=SECRET_TOKEN', atExit())).toBe('delivered');
        // A terminal message asked for before the exit, still unanswered: the copy sent at exit is clean too.
        const asked = publisher({ redact });
        void asked.terminate('Aborted: GET /y?token=SECRET_TOKEN');
        await settle();
        expect(asked.endAtExit('ignored', atExit())).toBe('delivered');
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
        expect(p.endAtExit('Finished: from the exit code', atExit())).toBe('already-sent');
        expect(transport.syncCalls).toEqual([]);
    });

    it('while the terminal call is in flight: sends the same text again, never another one', async () => {
        const p = publisher();
        void p.terminate('Aborted: 2 of 10');
        await settle();
        expect(transport.messages).toEqual(['Aborted: 2 of 10']); // on the wire, not answered
        await vi.advanceTimersByTimeAsync(1_500);
        expect(p.endAtExit('Failed: exit code 1', atExit())).toBe('delivered');
        expect(transport.syncCalls.map((call) => [call.update.statusMessage, call.options])).toEqual([
            ['Aborted: 2 of 10', { timeoutMs: 2_000, attempt: 2 }],
        ]);
    });

    it('never past the terminal deadline: only what is left of it, nothing once it is spent', async () => {
        const p = publisher(); // 8 s deadline
        void p.terminate('Finished');
        await settle();
        await vi.advanceTimersByTimeAsync(7_000);
        p.endAtExit('ignored', atExit());
        expect(transport.syncCalls.map((call) => call.options.timeoutMs)).toEqual([1_000]);

        transport = new SyncCapableTransport();
        const late = publisher();
        void late.terminate('Finished');
        await settle();
        await vi.advanceTimersByTimeAsync(7_800);
        transport.last().reject(serverError());
        await vi.advanceTimersByTimeAsync(300); // the deadline passes during the pause before a retry
        expect(late.endAtExit('ignored', atExit())).toBe('failed');
        expect(transport.syncCalls).toEqual([]);
    });

    it('given up at its deadline: sends nothing more', async () => {
        const p = publisher();
        transport.autoAnswer = serverError();
        const outcome = p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(9_000);
        expect(await outcome).toBe('failed');
        expect(p.endAtExit('Finished', atExit())).toBe('failed');
        expect(transport.syncCalls).toEqual([]);
        expect(failures.at(-1)).toMatchObject({ terminal: true, willRetry: false });
    });

    it('a transport that cannot send synchronously: says so, sends nothing', () => {
        const plain = new ControlledTransport();
        const p = testPublisher(plain, () => text);
        expect(p.endAtExit('Finished', atExit())).toBe('unsupported');
        expect(plain.calls).toEqual([]);
    });

    it('a synchronous send that fails: reported as the terminal message given up', () => {
        const p = publisher();
        transport.syncAnswer = new DeliveryError('no answer', { retryable: false, kind: 'timeout' });
        expect(p.endAtExit('Finished', atExit())).toBe('failed');
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
        const sentAt: number[] = [];
        transport.syncAnswer = 'ok';
        const sendSync = transport.sendSync.bind(transport);
        transport.sendSync = (update, options) => {
            sentAt.push(Date.now());
            sendSync(update, options);
        };
        expect(p.endAtExit('ignored', atExit())).toBe('already-sent');
        // Due when the call can no longer land (3 s); the rest of the 8 s deadline for itself.
        expect(sentAt).toEqual([3_000]);
        expect(transport.syncCalls.map((call) => [call.update, call.options.timeoutMs])).toEqual([
            [{ statusMessage: 'Finished', isStatusMessageTerminal: true }, 5_000],
        ]);
        await vi.advanceTimersByTimeAsync(10_000);
        expect(finishedCopies()).toHaveLength(1); // the asynchronous copy was called off
    });
});

describe('a progress call on the wire when the process exits', () => {
    /** What the exit sequence did, in order, with the fake time of each step. */
    function recordSteps(steps: string[]): void {
        const sendSync = transport.sendSync.bind(transport);
        transport.sendSync = (update, options) => {
            steps.push(`${Date.now()} copy ${update.statusMessage} (${options.timeoutMs} ms)`);
            sendSync(update, options);
        };
    }

    it('the terminal message goes at once, the record next, and once more when that call can no longer land', async () => {
        const steps: string[] = [];
        const p = publisher({
            requestTimeoutMs: 5_000,
            finalRecordAtExit: (untilAt, { again }) =>
                steps.push(`${Date.now()} record until ${untilAt}${again ? ' again' : ''}`),
        });
        recordSteps(steps);
        text = '0 of 10';
        p.request();
        await settle();
        expect(transport.messages).toEqual(['0 of 10']); // on the wire, not answered: it may land any time
        vi.advanceTimersByTime(150);
        expect(p.endAtExit('Failed: 0 of 10 · exit code 1', atExit())).toBe('delivered');
        // The server may apply "0 of 10" until the request timeout (5 s) after it went out.
        expect(steps).toEqual([
            '150 copy Failed: 0 of 10 · exit code 1 (2000 ms)',
            '150 record until 5000',
            '5000 copy Failed: 0 of 10 · exit code 1 (3150 ms)',
        ]);
        expect(p.callCount).toBe(3);
    });

    it('never past the terminal deadline: the copy keeps its reserve at the end of it', async () => {
        const p = publisher({ requestTimeoutMs: 20_000 }); // 8 s deadline
        text = '0 of 10';
        p.request();
        await settle();
        expect(p.endAtExit('Finished', atExit())).toBe('delivered');
        expect(transport.syncCalls.map((call) => call.options.timeoutMs)).toEqual([2_000, 500]);
    });

    it('none on the wire and none unanswered: one copy, the record within the budget', async () => {
        const untils: number[] = [];
        const p = publisher({ finalRecordAtExit: (untilAt) => untils.push(untilAt) });
        text = '2 of 10';
        p.request();
        await settle();
        transport.last().resolve();
        await settle();
        expect(p.endAtExit('Finished', atExit())).toBe('delivered');
        expect(transport.syncCalls).toHaveLength(1);
        expect(untils).toEqual([2_000]);
    });

    it('a second copy that fails changes nothing: the first one landed', async () => {
        const p = publisher();
        text = '0 of 10';
        p.request();
        await settle();
        transport.sendSync = (update, options) => {
            transport.syncCalls.push({ update, options });
            if (transport.syncCalls.length > 1)
                throw new DeliveryError('no answer', { retryable: false, kind: 'timeout' });
        };
        expect(p.endAtExit('Finished', atExit())).toBe('delivered');
        expect(transport.syncCalls).toHaveLength(2);
        expect(failures).toEqual([]);
    });

    it('no record is written when the terminal message did not land', () => {
        const untils: number[] = [];
        const p = publisher({ finalRecordAtExit: (untilAt) => untils.push(untilAt) });
        transport.syncAnswer = new DeliveryError('no answer', { retryable: false, kind: 'timeout' });
        expect(p.endAtExit('Finished', atExit())).toBe('failed');
        expect(untils).toEqual([]);
    });
});

describe('a terminal message replaced by the real ending', () => {
    it('at exit: the new text goes, whatever landed before, and the record is written again', async () => {
        const records: boolean[] = [];
        const p = publisher({ finalRecordAtExit: (_until, { again }) => records.push(again) });
        transport.autoAnswer = 'ok';
        expect(await p.terminate('Finished: 3 of 10')).toBe('delivered');
        expect(p.endAtExit('Failed: 3 of 10 · TypeError: boom', atExit(2_000, true))).toBe('delivered');
        expect(transport.syncCalls.map((call) => call.update)).toEqual([
            { statusMessage: 'Failed: 3 of 10 · TypeError: boom', isStatusMessageTerminal: true },
        ]);
        expect(records).toEqual([true]);
        expect(p.lastDelivered).toBe('Failed: 3 of 10 · TypeError: boom');
    });

    it('asynchronously: once the one it replaces is over, its second copy called off', async () => {
        const p = publisher();
        const timeLimit = p.terminate('Time limit reached: 9 of 10');
        await settle();
        expect(transport.messages).toEqual(['Time limit reached: 9 of 10']); // on the wire
        const finished = p.terminate('Finished: 10 of 10', { replace: true });
        await settle();
        expect(transport.calls).toHaveLength(1); // waits for the call on the wire
        transport.last().resolve();
        await settle();
        expect(transport.messages).toEqual(['Time limit reached: 9 of 10', 'Finished: 10 of 10']);
        transport.last().resolve();
        expect(await finished).toBe('delivered');
        expect(await timeLimit).toBe('delivered');
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.calls).toHaveLength(2);
        // Without `replace`, a later terminal message is not sent.
        expect(await p.terminate('Aborted')).toBe('already-sent');
    });

    it('asynchronously, when the one it replaces went unanswered: a second copy once that one can no longer land', async () => {
        const p = publisher(); // 2 s request timeout
        void p.terminate('Time limit reached: 9 of 10');
        await settle();
        transport.last().reject(new DeliveryError('timed out', { retryable: true, kind: 'timeout' }));
        transport.autoAnswer = 'ok';
        const finished = p.terminate('Finished: 10 of 10', { replace: true });
        await vi.advanceTimersByTimeAsync(10_000);
        expect(await finished).toBe('delivered');
        expect(transport.messages.filter((message) => message.startsWith('Finished'))).toHaveLength(2);
        expect(transport.messages.at(-1)).toBe('Finished: 10 of 10');
    });
});

describe('a destination that refuses every call (a token or run the API does not accept)', () => {
    it('is called no more: no progress, no terminal message, nothing at exit', async () => {
        const p = publisher();
        transport.autoAnswer = badToken();
        text = '1 of 10';
        p.request();
        await vi.advanceTimersByTimeAsync(60_000);
        text = '2 of 10';
        p.request();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(await p.terminate('Finished')).toBe('failed');
        expect(p.endAtExit('Finished', atExit())).toBe('failed');
        expect(transport.calls).toHaveLength(1);
        expect(transport.syncCalls).toEqual([]);
        expect(failures).toEqual([{ kind: 'http-401', terminal: false, attempt: 1, willRetry: false }]);
    });
});
