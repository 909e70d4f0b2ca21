import { describe, expect, it } from 'vitest';
import { estimateCrawl, parseQueueInfo, ReadGate } from '../../src/scale-out/crawl-estimate.js';

describe("a worker's estimate of the whole crawl", () => {
    it('is the last answer plus what this run handled and added since it arrived', () => {
        const reading = { handled: 100, total: 250, ownHandled: 30, ownTotal: 80 };
        expect(estimateCrawl(reading, { handled: 30, total: 80 })).toEqual({
            handled: 100,
            total: 250,
            drained: false,
        });
        expect(estimateCrawl(reading, { handled: 36, total: 95 })).toEqual({
            handled: 106,
            total: 265,
            drained: false,
        });
    });

    it('is drained only when the queue had nothing left and this run added nothing since', () => {
        const done = { handled: 250, total: 250, ownHandled: 30, ownTotal: 80 };
        expect(estimateCrawl(done, { handled: 30, total: 80 }).drained).toBe(true);
        expect(estimateCrawl(done, { handled: 30, total: 81 })).toEqual({ handled: 250, total: 251, drained: false });
        expect(
            estimateCrawl({ handled: 0, total: 0, ownHandled: 0, ownTotal: 0 }, { handled: 0, total: 0 }).drained,
        ).toBe(false);
    });

    it('never has more handled than in the queue', () => {
        expect(estimateCrawl({ handled: 10, total: 10, ownHandled: 0, ownTotal: 0 }, { handled: 3, total: 0 })).toEqual(
            {
                handled: 13,
                total: 13,
                drained: true,
            },
        );
    });

    it("reads the queue's counts, not its pendingRequestCount, which the API can report negative", () => {
        expect(
            parseQueueInfo({ totalRequestCount: 30, handledRequestCount: 12, pendingRequestCount: -4 } as never),
        ).toEqual({
            handled: 12,
            total: 30,
        });
        expect(parseQueueInfo({ totalRequestCount: 10, handledRequestCount: 12 })).toEqual({ handled: 12, total: 12 });
        expect(parseQueueInfo({ totalRequestCount: '3', handledRequestCount: 1 })).toBeUndefined();
        expect(parseQueueInfo(undefined)).toBeUndefined();
    });
});

describe('when the queue may be read', () => {
    it('at most once per interval, and never while a read is on the way', () => {
        const gate = new ReadGate(5_000);
        expect(gate.mayRead(0)).toBe(true);
        gate.started(0);
        expect(gate.mayRead(6_000)).toBe(false); // still on the way
        gate.finished();
        expect(gate.mayRead(4_999)).toBe(false);
        expect(gate.mayRead(5_000)).toBe(true);
        gate.started(5_000);
        gate.finished();
        expect(gate.mayRead(9_000)).toBe(false);
    });
});
