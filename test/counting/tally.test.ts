import { describe, expect, it } from 'vitest';
import type { ProgressState } from '../../src/counting/saved-state.js';
import { Tally } from '../../src/counting/tally.js';
import { formatProgress } from '../../src/wording/format.js';

/** A tally on a clock the test moves by hand. */
function tallyAt(total: number | undefined) {
    let now = 1_000_000;
    const tally = new Tally({
        clock: { now: () => now },
        unit: ['page', 'pages'],
        total,
        phases: undefined,
        warnings: { overTotal: () => undefined, badTotalFunction: () => undefined },
    });
    return {
        tally,
        /** Moves the clock on and makes a message, as the reporter does before each call. */
        messageAfter(ms: number): string {
            now += ms;
            tally.observeRate();
            return formatProgress(tally.snapshot('running', undefined));
        },
    };
}

describe('time left', () => {
    it('is shown while units are left, at the current rate', () => {
        const { tally, messageAfter } = tallyAt(100);
        for (let i = 0; i < 6; i++) {
            tally.add('done', 10);
            messageAfter(5_000);
        }
        expect(messageAfter(0)).toBe('60 of 100 pages done (60%) · 120/min · about 20 s left');
    });

    it('is not shown once everything is handled: "(100%) · about 5 s left" would be false', () => {
        const { tally, messageAfter } = tallyAt(60);
        for (let i = 0; i < 6; i++) {
            tally.add('done', 10);
            messageAfter(5_000);
        }
        // Post-processing after the crawl: the counts are done, the run is not.
        expect(messageAfter(5_000)).toMatch(/^60 of 60 pages done \(100%\) · \d+\/min$/);
        expect(tally.snapshot('running', undefined).etaMs).toBeUndefined();
    });

    it('is not shown when more was counted than the total said', () => {
        const { tally, messageAfter } = tallyAt(50);
        for (let i = 0; i < 6; i++) {
            tally.add('done', 10);
            messageAfter(5_000);
        }
        expect(messageAfter(1_000)).toMatch(/^60 of 60 pages done \(100%\) · \d+\/min$/);
    });
});

/** A tally whose clock the test sets, for restarts. */
function tallyWithClock(start: number) {
    const clock = { at: start, now: () => clock.at };
    const tally = new Tally({
        clock,
        unit: ['product', 'products'],
        total: 100,
        phases: undefined,
        warnings: { overTotal: () => undefined, badTotalFunction: () => undefined },
    });
    return { tally, clock };
}

const saved = (done: number, extra: Partial<ProgressState> = {}): ProgressState => ({
    version: 1,
    startedAt: 0,
    done,
    failed: 0,
    retried: 0,
    total: 100,
    totalIsEstimate: false,
    phase: undefined,
    completedPhases: [],
    ...extra,
});

describe('restored counts and absolute counts', () => {
    it('adds restored counts to counts made by hand in this start: that is new work', () => {
        const { tally } = tallyWithClock(0);
        tally.add('done', 3);
        tally.importState(saved(24));
        expect(tally.snapshot('running', undefined).done).toBe(27);
    });

    it("never adds them to counts set absolutely before they arrive (an Actor's own checkpoint)", () => {
        const { tally } = tallyWithClock(0);
        tally.setCounts({ done: 24 }); // the Actor's checkpoint says 24 were processed, in all
        tally.add('done', 2);
        tally.importState(saved(24)); // the restore lands late
        for (let i = 0; i < 74; i++) tally.add('done', 1);
        expect(tally.snapshot('finished', undefined)).toMatchObject({ done: 100, total: 100 });
    });

    it('lets absolute counts set after the restore replace it', () => {
        const { tally } = tallyWithClock(0);
        tally.importState(saved(24));
        tally.setCounts({ done: 30 });
        expect(tally.snapshot('running', undefined).done).toBe(30);
    });

    it('adds a field that was not set absolutely, even when another one was', () => {
        const { tally } = tallyWithClock(0);
        tally.setCounts({ done: 24 });
        tally.importState(saved(24, { failed: 2 }));
        expect(tally.snapshot('running', undefined)).toMatchObject({ done: 24, failed: 2 });
    });
});

describe('time running, across starts', () => {
    it('counts the time spent running, not the downtime between starts', () => {
        const hour = 3_600_000;
        const { tally, clock } = tallyWithClock(5 * hour); // resurrected 5 h after it first started
        tally.importState(saved(40, { startedAt: 0, elapsedMs: 10_000 }));
        clock.at += 5_000;
        const snapshot = tally.snapshot('finished', undefined);
        expect(snapshot.elapsedMs).toBe(15_000);
        expect(snapshot.startedAt).toBe(0);
        expect(formatProgress(snapshot)).toBe('Finished: 40 of 100 products done · in 15 s');
        expect(tally.exportState().elapsedMs).toBe(15_000);
    });

    it('reads a state saved before the running time was kept from its start, as before', () => {
        const { tally, clock } = tallyWithClock(60_000);
        tally.importState(saved(1, { startedAt: 20_000 }));
        clock.at += 5_000;
        expect(tally.snapshot('running', undefined).elapsedMs).toBe(45_000);
    });
});

describe('the noun of restored counts', () => {
    it('is saved when the run set one, and names the restored counts until this start sets its own', () => {
        const { tally: first } = tallyWithClock(0);
        first.setUnit(['page', 'pages']); // an attached crawler's noun
        first.add('done', 10);
        const state = first.exportState();
        expect(state.unit).toEqual(['page', 'pages']);

        const { tally: next } = tallyWithClock(0);
        next.importState(state);
        // Before: "10 of 100 products done", the default noun, until a crawler was attached.
        expect(formatProgress(next.snapshot('running', undefined))).toBe('10 of 100 pages done (10%)');
        next.setUnit(['row', 'rows']);
        expect(next.snapshot('running', undefined).unit).toEqual(['row', 'rows']);
    });

    it("neither replaces one this start set already, nor is saved when it is the reporter's own", () => {
        const { tally } = tallyWithClock(0);
        tally.setUnit(['row', 'rows']);
        tally.importState(saved(10, { unit: ['page', 'pages'] }));
        expect(tally.snapshot('running', undefined).unit).toEqual(['row', 'rows']);
        expect(tallyWithClock(0).tally.exportState().unit).toBeUndefined();
    });
});

describe("attached crawlers' earlier runs", () => {
    it('are saved with the counts, those a previous start saved with those of this start', () => {
        const { tally: first } = tallyWithClock(0);
        expect(first.exportState().earlierRuns).toBeUndefined();
        first.earlierRuns.setThisStart({ done: 10, failed: 1, retried: 2 });
        const state = first.exportState();
        expect(state.earlierRuns).toEqual({ done: 10, failed: 1, retried: 2 });

        const { tally: next } = tallyWithClock(0);
        next.importState(state);
        expect(next.earlierRuns.restored).toEqual({ done: 10, failed: 1, retried: 2 });
        // Saved again even when this start's crawlers have not run twice (a second migration).
        expect(next.exportState().earlierRuns).toEqual({ done: 10, failed: 1, retried: 2 });
        next.earlierRuns.setThisStart({ done: 28, failed: 0, retried: 0 });
        expect(next.exportState().earlierRuns).toEqual({ done: 38, failed: 1, retried: 2 });
    });
});
