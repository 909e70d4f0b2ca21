import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Publisher, PublisherSettings } from '../../src/delivery/publisher.js';
import { badToken, ControlledTransport, serverError, testPublisher } from '../helpers/controlled-transport.js';

let text = '';
let transport: ControlledTransport;
let failures: { kind: string; terminal: boolean; willRetry: boolean }[];

function publisher(overrides: Partial<PublisherSettings> = {}): Publisher {
    return testPublisher(transport, () => text, {
        onFailure: (failure, context) => failures.push({ kind: failure.kind, ...context }),
        ...overrides,
    });
}

/** Lets promise callbacks run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
    vi.useFakeTimers();
    transport = new ControlledTransport();
    failures = [];
    text = '';
});

afterEach(() => {
    vi.useRealTimers();
});

describe('throttling', () => {
    it('sends the first message at once and the next one only after the interval', async () => {
        const p = publisher();
        text = '1 of 10';
        p.request();
        await settle();
        expect(transport.messages).toEqual(['1 of 10']);
        transport.last().resolve();

        text = '2 of 10';
        p.request();
        await vi.advanceTimersByTimeAsync(4_999);
        expect(transport.messages).toEqual(['1 of 10']);
        await vi.advanceTimersByTimeAsync(1);
        expect(transport.messages).toEqual(['1 of 10', '2 of 10']);
    });

    it('makes at most one call per interval however often progress changes', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        for (let i = 1; i <= 600; i++) {
            text = `${i} of 600`;
            p.request();
            await vi.advanceTimersByTimeAsync(100); // one change every 100 ms for 60 s
        }
        await vi.advanceTimersByTimeAsync(5_000);
        // 60 s at one call per 5 s: the first at 0 s, then one at every 5 s mark up to 60 s.
        expect(transport.calls.length).toBeLessThanOrEqual(Math.ceil(60_000 / 5_000) + 1);
        expect(transport.messages.at(-1)).toBe('600 of 600');
    });
});

describe("a transport's own least spacing", () => {
    it('holds progress calls (retries included) to it whatever intervalMs says; the terminal is not delayed', async () => {
        const spaced = Object.assign(new ControlledTransport(), { minIntervalMs: 1_000 });
        const p = testPublisher(spaced, () => text, { intervalMs: 0 });
        const starts: number[] = [];
        const send = spaced.send.bind(spaced);
        spaced.send = (update, options) => {
            starts.push(Date.now());
            return send(update, options);
        };
        spaced.autoAnswer = 'ok';
        for (let i = 1; i <= 1_000; i++) {
            text = `${i} of 1000`;
            p.request();
            await vi.advanceTimersByTimeAsync(10); // a change every 10 ms for 10 s
        }
        expect(starts.length).toBeLessThanOrEqual(11);
        expect(starts.length).toBeGreaterThanOrEqual(10);
        // A failing call's retries keep the spacing too.
        spaced.autoAnswer = serverError();
        text = 'failing';
        p.request();
        await vi.advanceTimersByTimeAsync(5_000);
        const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? 0));
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
        spaced.autoAnswer = 'ok';
        const before = starts.length;
        const ending = p.terminate('Finished');
        await settle();
        expect(starts.length).toBe(before + 1); // at once, not a second later
        await expect(ending).resolves.toBe('delivered');
    });

    it('leaves a transport without one free: intervalMs 0 sends every change', async () => {
        const p = publisher({ intervalMs: 0 });
        transport.autoAnswer = 'ok';
        for (let i = 1; i <= 50; i++) {
            text = `${i}`;
            p.request();
            await vi.advanceTimersByTimeAsync(10);
        }
        expect(transport.calls).toHaveLength(50);
    });
});

describe('latest wins', () => {
    it('sends only the newest text after a wait, never the ones it replaced', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        text = 'first';
        p.request();
        await settle();
        for (const next of ['second', 'third', 'fourth']) {
            text = next;
            p.request();
            await vi.advanceTimersByTimeAsync(1_000);
        }
        await vi.advanceTimersByTimeAsync(5_000);
        expect(transport.messages).toEqual(['first', 'fourth']);
    });
});

describe('de-duplication', () => {
    it('does not send a text equal to the last one delivered', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        text = 'same';
        p.request();
        await settle();
        p.request();
        await vi.advanceTimersByTimeAsync(10_000);
        p.request();
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.messages).toEqual(['same']);
    });

    it('compares the text as sent: one-line, capped', async () => {
        const p = publisher({ maxMessageLength: 20 });
        transport.autoAnswer = 'ok';
        text = 'line one\nline two';
        p.request();
        await settle();
        text = 'line one   line two';
        p.request();
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.messages).toEqual(['line one line two']);
    });
});

describe('ordering', () => {
    it('keeps one call in flight: a newer message waits for the older call to settle', async () => {
        const p = publisher({ intervalMs: 0 });
        text = 'older';
        p.request();
        await settle();
        text = 'newer';
        p.request();
        await vi.advanceTimersByTimeAsync(1_000);
        expect(transport.messages).toEqual(['older']);
        expect(transport.open).toBe(1);

        transport.last().resolve();
        await settle();
        expect(transport.messages).toEqual(['older', 'newer']);
        expect(transport.maxOpen).toBe(1);
    });
});

describe('retries', () => {
    it('gives up on a progress message after maxAttempts tries', async () => {
        const p = publisher({ maxAttempts: 3 });
        transport.autoAnswer = serverError();
        text = 'progress';
        p.request();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(transport.calls.map((call) => call.options.attempt)).toEqual([1, 2, 3]);
        expect(failures.map((failure) => failure.willRetry)).toEqual([true, true, false]);
    });

    it('does not retry what cannot succeed (a bad token)', async () => {
        const p = publisher();
        transport.autoAnswer = badToken();
        text = 'progress';
        p.request();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(transport.calls).toHaveLength(1);
        expect(failures).toEqual([{ kind: 'http-401', terminal: false, attempt: 1, willRetry: false }]);
    });

    it('drops a failing message as soon as a newer one is waiting, instead of retrying it', async () => {
        const p = publisher({ intervalMs: 1_000 });
        text = 'stale';
        p.request();
        await settle();
        text = 'fresh';
        p.request();
        transport.last().reject(serverError());
        transport.autoAnswer = 'ok';
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.messages).toEqual(['stale', 'fresh']);
        expect(failures[0]?.willRetry).toBe(false);
    });

    it('abandons the retry when a newer message arrives during the pause before it', async () => {
        const p = publisher({ intervalMs: 0 });
        text = 'stale';
        p.request();
        await settle();
        transport.last().reject(serverError());
        transport.autoAnswer = 'ok';
        await vi.advanceTimersByTimeAsync(100); // inside the 250 ms pause before the retry
        text = 'fresh';
        p.request();
        await vi.advanceTimersByTimeAsync(10_000);
        expect(transport.messages).toEqual(['stale', 'fresh']);
    });

    it('gives up on a call that never answers after the request timeout', async () => {
        const p = publisher({ maxAttempts: 1, requestTimeoutMs: 2_000 });
        text = 'hangs';
        p.request();
        await vi.advanceTimersByTimeAsync(2_249);
        expect(failures).toEqual([]);
        await vi.advanceTimersByTimeAsync(1);
        expect(failures).toEqual([{ kind: 'timeout', terminal: false, attempt: 1, willRetry: false }]);
    });
});

describe('flush', () => {
    it('resolves once the latest message has landed', async () => {
        const p = publisher({ intervalMs: 5_000 });
        transport.autoAnswer = 'ok';
        text = 'one';
        p.request();
        text = 'two';
        await settle();
        p.request();
        let flushed = false;
        void p.flush().then(() => {
            flushed = true;
        });
        await vi.advanceTimersByTimeAsync(4_000);
        expect(flushed).toBe(false);
        await vi.advanceTimersByTimeAsync(1_000);
        expect(flushed).toBe(true);
        expect(p.lastDelivered).toBe('two');
    });

    it('resolves at once when nothing is pending', async () => {
        await expect(publisher().flush()).resolves.toBeUndefined();
    });
});

describe('the terminal message', () => {
    it('goes out at once, without waiting for the throttle, and is flagged terminal', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        text = 'progress';
        p.request();
        await settle();
        const outcome = p.terminate('Finished');
        await settle();
        await expect(outcome).resolves.toBe('delivered');
        expect(transport.calls.map((call) => [call.update.statusMessage, call.update.isStatusMessageTerminal])).toEqual(
            [
                ['progress', false],
                ['Finished', true],
            ],
        );
    });

    it('retries worded again when `reword` says something new; its deadline counts from `since`', async () => {
        const p = publisher();
        transport.autoAnswer = serverError();
        let counted = 4;
        const reword = () => (counted === 4 ? undefined : `Aborted: ${counted} of 10`);
        // The ending began 5 s ago (a signal, then the wait for the work under way): 3 s are left of 8.
        const outcome = p.terminate('Aborted: 4 of 10', { reword, since: Date.now() - 5_000 });
        await settle();
        counted = 6;
        await vi.advanceTimersByTimeAsync(3_000);
        await expect(outcome).resolves.toBe('failed');
        expect(transport.messages[0]).toBe('Aborted: 4 of 10');
        expect(transport.messages.slice(1).length).toBeGreaterThan(0);
        expect(new Set(transport.messages.slice(1))).toEqual(new Set(['Aborted: 6 of 10']));
    });

    it('is sent even when its text equals the last progress message (the flag differs)', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        text = 'Done';
        p.request();
        await settle();
        await p.terminate('Done');
        expect(transport.calls.map((call) => call.update.isStatusMessageTerminal)).toEqual([false, true]);
    });

    it('waits for the call in flight, so the older message cannot land after it', async () => {
        const p = publisher();
        text = 'progress';
        p.request();
        await settle();
        const outcome = p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(1_000);
        expect(transport.messages).toEqual(['progress']);
        transport.last().resolve();
        await settle();
        transport.last().resolve();
        await expect(outcome).resolves.toBe('delivered');
        expect(transport.messages).toEqual(['progress', 'Finished']);
        expect(transport.maxOpen).toBe(1);
    });

    it('drops progress still waiting for its slot', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        text = 'first';
        p.request();
        await settle();
        text = 'second';
        p.request();
        await p.terminate('Finished');
        await vi.advanceTimersByTimeAsync(30_000);
        expect(transport.messages).toEqual(['first', 'Finished']);
    });

    it('is retried after a failure and lands', async () => {
        const p = publisher();
        const outcome = p.terminate('Finished');
        await settle();
        transport.last().reject(serverError());
        transport.autoAnswer = 'ok';
        await vi.advanceTimersByTimeAsync(1_000);
        await expect(outcome).resolves.toBe('delivered');
        expect(transport.calls.map((call) => call.options.attempt)).toEqual([1, 2]);
    });

    it('gives up at its deadline when the API keeps failing', async () => {
        const p = publisher({ terminalDeadlineMs: 8_000 });
        transport.autoAnswer = serverError();
        let outcome: string | undefined;
        void p.terminate('Finished').then((result) => {
            outcome = result;
        });
        await vi.advanceTimersByTimeAsync(7_999);
        const triesBeforeDeadline = transport.calls.length;
        await vi.advanceTimersByTimeAsync(1);
        expect(outcome).toBe('failed');
        expect(triesBeforeDeadline).toBeGreaterThan(3);
        expect(failures.at(-1)).toMatchObject({ terminal: true, willRetry: false });
    });

    it('gives up at its deadline when the API hangs', async () => {
        const p = publisher({ terminalDeadlineMs: 3_000, requestTimeoutMs: 5_000 });
        let outcome: string | undefined;
        void p.terminate('Finished').then((result) => {
            outcome = result;
        });
        await vi.advanceTimersByTimeAsync(3_250);
        expect(outcome).toBe('failed');
        expect(transport.calls[0]?.options.timeoutMs).toBe(3_000);
    });

    it('is the last thing sent: later progress and a second terminal are refused', async () => {
        const p = publisher();
        transport.autoAnswer = 'ok';
        await expect(p.terminate('Finished')).resolves.toBe('delivered');
        text = 'late progress';
        p.request();
        await expect(p.terminate('Another end')).resolves.toBe('already-sent');
        await vi.advanceTimersByTimeAsync(30_000);
        expect(transport.messages).toEqual(['Finished']);
        expect(p.closed).toBe(true);
    });
});
