/** A pure timing rule of the publisher: how long an unanswered call may land. */
import { describe, expect, it } from 'vitest';
import { CallHistory, LATE_LANDING_MARGIN_MS, resendAt } from '../../src/delivery/call-history.js';
import { DeliveryError } from '../../src/delivery/transport.js';

describe('an unanswered call', () => {
    const timeout = new DeliveryError('no answer', { retryable: true, kind: 'timeout' });
    const refused = new DeliveryError('refused', { retryable: true, kind: 'ECONNREFUSED' });
    const answered500 = new DeliveryError('500', { retryable: true, statusCode: 500, kind: 'http-500' });

    it('may land until one more request timeout and a margin have passed since it was given up', () => {
        const history = new CallHistory(2_000);
        history.record(2_250, { text: '3 of 10', terminal: false, failure: timeout, endedAt: 10_000 });
        const until = 10_000 + 2_000 + LATE_LANDING_MARGIN_MS;
        expect(history.staleMayLandUntil(10_000, 'Finished')).toBe(until);
        expect(history.staleMayLandUntil(until - 1, 'Finished')).toBe(until);
        expect(history.staleMayLandUntil(until, 'Finished')).toBeUndefined();
    });

    it('a call refused before it was sent, or answered, never lands later; nor does a copy of the same terminal message', () => {
        const history = new CallHistory(2_000);
        history.record(5, { text: '3 of 10', terminal: false, failure: refused, endedAt: 0 });
        history.record(40, { text: '3 of 10', terminal: false, failure: answered500, endedAt: 0 });
        history.record(2_250, { text: 'Finished', terminal: true, failure: timeout, endedAt: 0 });
        expect(history.staleMayLandUntil(0, 'Finished')).toBeUndefined();
    });

    it('an unanswered terminal message that another one replaced may land after it, like a progress call', () => {
        const history = new CallHistory(2_000);
        history.record(2_250, { text: 'Time limit reached', terminal: true, failure: timeout, endedAt: 0 });
        expect(history.staleMayLandUntil(0, 'Finished')).toBe(2_000 + LATE_LANDING_MARGIN_MS);
    });

    it('the terminal copy goes once it can no longer land, at the latest what the deadline allows', () => {
        // Terminal asked for at 0, 8 s deadline, 2 s request timeout: never later than 6 s.
        expect(resendAt(0, 8_000, 2_000, 3_000)).toBe(3_000);
        expect(resendAt(0, 8_000, 2_000, 9_000)).toBe(6_000);
        // A short request timeout keeps only that much for the copy itself.
        expect(resendAt(0, 8_000, 500, 9_000)).toBe(7_500);
    });
});
