import { describe, expect, it } from 'vitest';
import type { ChildRecord } from '../../src/scale-out/child-figures.js';
import {
    applyRecord,
    applyRun,
    type ChildState,
    countRead,
    isSettled,
    newChildState,
    nextRead,
    RECORD_EVERY,
} from '../../src/scale-out/child-state.js';
import { childProgress, sumChildren } from '../../src/scale-out/child-sum.js';

const INTERVAL = 5_000;

function record(overrides: Partial<ChildRecord> = {}): ChildRecord {
    return {
        status: 'running',
        done: 10,
        failed: 0,
        total: 40,
        totalIsEstimate: true,
        unit: ['page', 'pages'],
        failures: [],
        step: undefined,
        message: undefined,
        sharedQueue: undefined,
        ...overrides,
    };
}

/** Plays `reads` intervals on a fake clock and says which GET each made, answering with `answer`. */
function play(child: ChildState, reads: number, answer: (kind: 'run' | 'record', index: number) => void) {
    const kinds: (string | undefined)[] = [];
    for (let index = 0; index < reads; index++) {
        const now = index * INTERVAL;
        const kind = nextRead(child, now, INTERVAL);
        kinds.push(kind);
        if (kind) {
            countRead(child, kind, now);
            answer(kind, index);
        }
    }
    return kinds;
}

describe('which GET a parent makes for a child, each interval', () => {
    it('reads the run (status, fresh message) each interval, its record after the first and every few reads', () => {
        const child = newChildState('r1', undefined);
        const kinds = play(child, 3 + RECORD_EVERY, (kind) => {
            if (kind === 'run') applyRun(child, { status: 'RUNNING', defaultKeyValueStoreId: 's1' });
            else applyRecord(child, record(), false);
        });
        expect(kinds).toEqual(['run', 'record', ...Array(RECORD_EVERY).fill('run'), 'record']);
    });

    it('makes at most one GET per interval and none while one is on the way', () => {
        const child = newChildState('r1', undefined);
        expect(nextRead(child, 0, INTERVAL)).toBe('run');
        countRead(child, 'run', 0);
        expect(nextRead(child, INTERVAL - 1, INTERVAL)).toBeUndefined();
        child.inFlight = true;
        expect(nextRead(child, 3 * INTERVAL, INTERVAL)).toBeUndefined();
    });

    it('once the platform says the run ended: its record once more for the last counts, then nothing', () => {
        const child = newChildState('r1', undefined);
        const kinds = play(child, 6, (kind, index) => {
            if (kind === 'record')
                applyRecord(
                    child,
                    record({ status: index > 2 ? 'finished' : 'running', done: index > 2 ? 40 : 10 }),
                    index > 2,
                );
            else
                applyRun(child, {
                    status: index < 2 ? 'RUNNING' : 'SUCCEEDED',
                    exitCode: 0,
                    defaultKeyValueStoreId: 's1',
                });
        });
        expect(kinds).toEqual(['run', 'record', 'run', 'record', undefined, undefined]);
        expect(isSettled(child)).toBe(true);
        expect(childProgress(child)).toMatchObject({ state: 'finished', done: 40, exitCode: 0 });
    });

    it('follows a run with no record by its status message, asking for a record now and then, and once at the end', () => {
        const child = newChildState('r1', 'worker 1');
        const kinds = play(child, 3 + RECORD_EVERY, (kind, index) => {
            if (kind === 'record') applyRecord(child, undefined, false);
            else
                applyRun(child, {
                    status: 'RUNNING',
                    defaultKeyValueStoreId: 's1',
                    statusMessage: `${index} pages done`,
                });
        });
        expect(kinds).toEqual(['run', 'record', ...Array(RECORD_EVERY).fill('run'), 'record']);
        expect(childProgress(child)).toMatchObject({ label: 'worker 1', state: 'running', done: 7 });
        applyRun(child, { status: 'FAILED', exitCode: 1, statusMessage: 'Failed: 9 pages done · boom' });
        expect(nextRead(child, 100 * INTERVAL, INTERVAL)).toBe('record');
        countRead(child, 'record', 100 * INTERVAL);
        applyRecord(child, undefined, true);
        expect(isSettled(child)).toBe(true);
        expect(nextRead(child, 200 * INTERVAL, INTERVAL)).toBeUndefined();
        expect(childProgress(child)).toMatchObject({ state: 'failed', exitCode: 1, done: 9 });
    });

    it('sees a run that died without a word at its next read', () => {
        const child = newChildState('r1', undefined);
        const kinds = play(child, 4, (kind, index) => {
            if (kind === 'record') applyRecord(child, record(), index > 2);
            else
                applyRun(child, {
                    status: index === 0 ? 'RUNNING' : 'FAILED',
                    exitCode: 137,
                    defaultKeyValueStoreId: 's1',
                });
        });
        expect(kinds).toEqual(['run', 'record', 'run', 'record']);
        expect(isSettled(child)).toBe(true);
        expect(childProgress(child)).toMatchObject({ state: 'failed', exitCode: 137, done: 10 });
    });

    it("counts from the record, unless the run's status message is newer than the record and can be read", () => {
        const child = newChildState('r1', undefined);
        applyRun(child, {
            status: 'RUNNING',
            defaultKeyValueStoreId: 's1',
            statusMessage: '10 of 40 pages done (25%)',
        });
        applyRecord(child, record({ done: 10, message: '10 of 40 pages done (25%)' }), false);
        expect(childProgress(child)).toMatchObject({ done: 10, total: 40 });
        applyRun(child, { statusMessage: '25 of 41 pages done (60%) · 2 failed' });
        expect(childProgress(child)).toMatchObject({ done: 25, failed: 2, total: 41 });
        // A message with no counts (the author's own words) takes nothing away from what was seen.
        applyRun(child, { statusMessage: 'Custom words with no counts' });
        expect(childProgress(child)).toMatchObject({ done: 25, failed: 2, total: 41 });
    });

    it('counts from the record when it is as far on as the message: read after it, or the message is older', () => {
        const child = newChildState('r1', undefined);
        applyRun(child, {
            status: 'RUNNING',
            defaultKeyValueStoreId: 's1',
            statusMessage: '25 of 41 pages done (60%)',
        });
        // The record was read after the run and holds a newer message than the run's.
        const failures = [{ reason: 'HTTP 500', count: 2 }];
        applyRecord(child, record({ done: 30, failed: 2, total: 41, failures, message: '30 of 41 pages done' }), false);
        expect(childProgress(child)).toMatchObject({ done: 30, failed: 2, total: 41, failures });
        // A run in steps: the message's step is a later one, so it is the newer, whatever its counts.
        applyRun(child, { statusMessage: 'Step 2 of 2 · Details: 3 of 80 products done (3%)' });
        applyRecord(
            child,
            record({ done: 100, total: 100, step: 1, message: 'Step 1 of 2 · Listing: 100 of 100 pages done' }),
            false,
        );
        expect(childProgress(child)).toMatchObject({ done: 3, total: 80 });
    });
});

describe('the children added up', () => {
    const ended = (id: string, status: string, rec: Partial<ChildRecord>) => {
        const child = newChildState(id, undefined);
        applyRun(child, { status, defaultKeyValueStoreId: `s-${id}` });
        applyRecord(child, record(rec), true);
        return child;
    };

    it('adds counts and totals of independent runs', () => {
        const children = [
            ended('a', 'SUCCEEDED', { status: 'finished', done: 40, total: 40, totalIsEstimate: false }),
            ended('b', 'RUNNING', { done: 10, failed: 2, total: 60, totalIsEstimate: false }),
        ];
        expect(sumChildren(children, 2)).toEqual({
            done: 50,
            failed: 2,
            unreported: 0,
            total: 100,
            totalIsEstimate: false,
            unit: ['page', 'pages'],
            failures: [],
            otherUnits: [],
        });
        expect(sumChildren(children, 3).totalIsEstimate).toBe(true); // a run still to come
    });

    it('counts the whole crawl of a shared queue once, whatever the number of workers', () => {
        const queue = (handled: number, total: number, totalIsEstimate: boolean) => ({
            queueId: 'q1',
            handled,
            total,
            totalIsEstimate,
        });
        const children = [
            ended('a', 'RUNNING', { done: 30, total: undefined, sharedQueue: queue(70, 150, true) }),
            ended('b', 'RUNNING', { done: 25, failed: 1, total: undefined, sharedQueue: queue(80, 160, true) }),
            ended('c', 'RUNNING', { done: 24, total: undefined, sharedQueue: queue(60, 140, true) }),
        ];
        expect(sumChildren(children, 3)).toMatchObject({ done: 79, failed: 1, total: 160, totalIsEstimate: true });
        expect(childProgress(children[0] as ChildState)).toMatchObject({ done: 30, total: 150 });
    });

    it('counts the crawl once for workers with no record that say they share a queue', () => {
        const worker = (id: string, message: string) => {
            const child = newChildState(id, undefined);
            applyRun(child, { status: 'RUNNING', defaultKeyValueStoreId: `s-${id}`, statusMessage: message });
            applyRecord(child, undefined, false);
            return child;
        };
        const children = [
            worker('a', '200 of at least 300 pages handled across 2 runs · this run 90 · 1 failed here'),
            worker('b', '210 of at least 302 pages handled across 2 runs · this run 118'),
        ];
        expect(sumChildren(children, 2)).toMatchObject({ done: 208, failed: 1, total: 302, totalIsEstimate: true });
    });

    it('counts a worker whose record was not read yet in the crawl its co-workers name', () => {
        const named = ended('a', 'RUNNING', {
            done: 30,
            total: undefined,
            sharedQueue: { queueId: 'q1', handled: 70, total: 150, totalIsEstimate: true },
        });
        const unread = newChildState('b', undefined);
        applyRun(unread, {
            status: 'RUNNING',
            defaultKeyValueStoreId: 's-b',
            statusMessage: '80 of at least 160 pages handled across 2 runs · this run 40',
        });
        expect(sumChildren([named, unread], 2)).toMatchObject({ done: 70, total: 160, totalIsEstimate: true });
    });

    it('knows no total while nothing was heard from the runs', () => {
        expect(sumChildren([newChildState('a', undefined)], 1)).toMatchObject({ done: 0, total: undefined });
    });
});
