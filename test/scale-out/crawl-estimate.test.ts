import { describe, expect, it } from 'vitest';
import { estimateCrawl, parseQueueInfo, ReadGate } from '../../src/scale-out/crawl-estimate.js';

describe("a worker's estimate of the whole crawl", () => {
    it('is the last answer plus what this run marked handled since it arrived; what it added waits for the next answer', () => {
        const reading = { handled: 100, total: 250, ownMarked: 30, ownTotal: 80 };
        expect(estimateCrawl(reading, { handled: 30, marked: 30, total: 80 })).toEqual({
            handled: 100,
            total: 250,
            drained: false,
        });
        expect(estimateCrawl(reading, { handled: 36, marked: 36, total: 95 })).toEqual({
            handled: 106,
            total: 250,
            drained: false,
        });
    });

    it("counts a request marked before the answer arrived once, though Crawlee's statistics count it after", () => {
        // Marked (the API counts it), then the answer arrives with it, then Crawlee's finishJob.
        const reading = { handled: 41, total: 90, ownMarked: 11, ownTotal: 50 };
        expect(estimateCrawl(reading, { handled: 11, marked: 11, total: 50 })).toMatchObject({ handled: 41 });
    });

    it("does not count new requests twice when a batch add's answer reaches the client after the queue's", () => {
        // The queue's answer has the 25 new requests; Crawlee's own total takes them in when its add returns.
        const reading = { handled: 40, total: 125, ownMarked: 10, ownTotal: 100 };
        expect(estimateCrawl(reading, { handled: 10, marked: 10, total: 125 })).toMatchObject({ total: 125 });
    });

    it('is drained only when the queue had nothing left and this run added nothing since', () => {
        const done = { handled: 250, total: 250, ownMarked: 30, ownTotal: 80 };
        expect(estimateCrawl(done, { handled: 30, marked: 30, total: 80 }).drained).toBe(true);
        expect(estimateCrawl(done, { handled: 30, marked: 30, total: 81 })).toEqual({
            handled: 250,
            total: 250,
            drained: false,
        });
        expect(
            estimateCrawl({ handled: 0, total: 0, ownMarked: 0, ownTotal: 0 }, { handled: 0, marked: 0, total: 0 })
                .drained,
        ).toBe(false);
    });

    it('never has more handled than in the queue', () => {
        expect(
            estimateCrawl({ handled: 10, total: 10, ownMarked: 0, ownTotal: 0 }, { handled: 3, marked: 3, total: 0 }),
        ).toEqual({
            handled: 13,
            total: 13,
            drained: true,
        });
    });

    it("is never below this run's own handled count: requests handled while the GET was on the way", () => {
        // The GET left when this run had marked 20; the API counted before the 2 this run marked next,
        // and the answer arrived after them: it says 20 handled in all, this run has 22 by then.
        const answer = { handled: 20, total: 47 };
        const reading = { ...answer, ownMarked: 22, ownTotal: 47 };
        expect(estimateCrawl(reading, { handled: 22, marked: 22, total: 47 })).toEqual({
            handled: 22,
            total: 47,
            drained: false,
        });
        // Three more handled here: counted on top of the answer, and still not below this run's own.
        expect(estimateCrawl(reading, { handled: 25, marked: 25, total: 47 })).toEqual({
            handled: 25,
            total: 47,
            drained: false,
        });
        // The client knows of more requests than the answer had (it added them before the answer was made).
        expect(
            estimateCrawl({ handled: 5, total: 10, ownMarked: 0, ownTotal: 30 }, { handled: 0, marked: 0, total: 30 }),
        ).toEqual({ handled: 5, total: 30, drained: false });
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
        expect(gate.mayRead(4_000)).toBe(false);
        expect(gate.mayRead(5_000)).toBe(true);
        gate.started(5_000);
        gate.finished();
        expect(gate.mayRead(9_000)).toBe(false);
    });

    it('reads on a tick that the wall clock sees a little early, rather than skipping a whole interval', () => {
        // The interval timer ticked at 1,000 and 2,000 ms on its own clock; Date.now() read 1,000.4 at
        // the first read and 1,999 at the next tick (timers tick on a monotonic clock, rounded).
        const gate = new ReadGate(1_000);
        gate.started(1_000.4);
        gate.finished();
        expect(gate.mayRead(1_999)).toBe(true);
        // Half an interval after a read (an extra read, such as the one at the end of a run), still not.
        gate.started(2_500);
        gate.finished();
        expect(gate.mayRead(3_000)).toBe(false);
    });
});
