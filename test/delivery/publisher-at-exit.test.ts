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

    it('makes the terminal message go out again, as late as the deadline allows', async () => {
        const p = publisher(); // 2 s request timeout, 8 s deadline
        text = '3 of 10';
        p.request();
        await settle();
        transport.last().reject(timedOut());
        await settle();
        transport.autoAnswer = 'ok';
        const finished = p.terminate('Finished: 3 of 10');
        await settle();
        expect(transport.messages.filter((m) => m.startsWith('Finished'))).toHaveLength(1);
        // Sent again at 8 s - min(2 s reserve, 2 s request timeout) = 6 s after it was asked for.
        await vi.advanceTimersByTimeAsync(5_999);
        expect(transport.messages.filter((m) => m.startsWith('Finished'))).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(1);
        expect(transport.calls.at(-1)?.update).toEqual({
            statusMessage: 'Finished: 3 of 10',
            isStatusMessageTerminal: true,
        });
        expect(await finished).toBe('delivered');
        expect(delivered.filter((update) => update.isStatusMessageTerminal)).toHaveLength(2);
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

    it('the process exiting while the second copy waits: it goes out at exit, and only there', async () => {
        const p = publisher();
        text = '3 of 10';
        p.request();
        await settle();
        transport.last().reject(timedOut());
        await settle();
        transport.autoAnswer = 'ok';
        void p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(1_000);
        expect(p.terminateAtExit('ignored', 2_000)).toBe('already-sent');
        expect(transport.syncCalls.map((call) => call.update.statusMessage)).toEqual(['Finished']);
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.messages.filter((m) => m === 'Finished')).toHaveLength(1);
    });
});
