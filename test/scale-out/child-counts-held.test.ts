import { describe, expect, it } from 'vitest';
import { type ChildRecord, readChildRecord } from '../../src/scale-out/child-figures.js';
import { applyRecord, applyRun, type ChildState, newChildState } from '../../src/scale-out/child-state.js';
import { childProgress, sumChildren } from '../../src/scale-out/child-sum.js';

// What the parent keeps of each child: never less than it already saw, whatever a later read says
// (the platform replaces a run's last message when it ends without a terminal one of its own, and a
// record is written every 30 s by default), and each noun counted apart.

function record(overrides: Partial<ChildRecord> = {}): ChildRecord {
    return {
        status: 'running',
        done: 0,
        failed: 0,
        total: undefined,
        totalIsEstimate: true,
        unit: ['page', 'pages'],
        failures: [],
        step: undefined,
        message: undefined,
        sharedQueue: undefined,
        ...overrides,
    };
}

const crawl = (handled: number, total: number, totalIsEstimate = true) => ({
    queueId: 'q1',
    handled,
    total,
    totalIsEstimate,
});

/** A worker of queue q1 that wrote its record once, at its first change, and then said more in its messages. */
function killedWorker(): ChildState {
    const child = newChildState('w1', 'worker 1');
    applyRun(child, {
        status: 'RUNNING',
        defaultKeyValueStoreId: 's-w1',
        statusMessage: '0 of at least 1 page handled across 3 runs · this run 0',
    });
    applyRecord(child, record({ sharedQueue: crawl(0, 1) }), false);
    applyRun(child, { statusMessage: '39 of at least 74 pages handled across 3 runs · this run 39 · 39 items' });
    // SIGKILL: the platform's own last word replaces the worker's message.
    applyRun(child, {
        status: 'FAILED',
        exitCode: 137,
        statusMessage: 'Actor finished with exit code 137',
        isStatusMessageTerminal: true,
    });
    applyRecord(child, record({ sharedQueue: crawl(0, 1) }), true);
    return child;
}

function finishedWorker(id: string, done: number, failed: number, queue: ReturnType<typeof crawl>): ChildState {
    const child = newChildState(id, id);
    applyRun(child, { status: 'SUCCEEDED', exitCode: 0, defaultKeyValueStoreId: `s-${id}` });
    applyRecord(child, record({ status: 'finished', done, failed, sharedQueue: queue }), true);
    return child;
}

describe("a child's figures, as the parent keeps them", () => {
    it('never fall below what its messages said when the platform replaces its last message', () => {
        const child = newChildState('r1', 'child');
        applyRun(child, {
            status: 'RUNNING',
            defaultKeyValueStoreId: 's1',
            statusMessage: '20 of 40 pages done (50%)',
        });
        applyRecord(child, undefined, false);
        expect(childProgress(child)).toMatchObject({ state: 'running', done: 20, total: 40 });
        applyRun(child, {
            status: 'ABORTED',
            statusMessage: 'The Actor run was aborted',
            isStatusMessageTerminal: true,
        });
        applyRecord(child, undefined, true);
        expect(childProgress(child)).toMatchObject({ state: 'aborted', done: 20, total: 40, final: false });
    });

    it('keep what a killed worker was seen to do, not the record it wrote at its start', () => {
        expect(childProgress(killedWorker())).toMatchObject({ state: 'failed', exitCode: 137, done: 39, final: false });
    });

    it('are final once the child says it ended, in its record or its own terminal message', () => {
        const byRecord = finishedWorker('w2', 141, 1, crawl(302, 302, false));
        expect(childProgress(byRecord)).toMatchObject({ done: 141, failed: 1, final: true });
        const byMessage = newChildState('r2', 'r2');
        applyRun(byMessage, {
            status: 'SUCCEEDED',
            exitCode: 0,
            defaultKeyValueStoreId: 's-r2',
            statusMessage: 'Finished: 40 of 40 pages done · in 9 s',
            isStatusMessageTerminal: true,
        });
        applyRecord(byMessage, undefined, true);
        expect(childProgress(byMessage)).toMatchObject({ done: 40, total: 40, totalIsEstimate: false, final: true });
    });

    it('of a run in steps keep the steps it finished: a new step adds to them', () => {
        const child = newChildState('r1', 'child');
        applyRun(child, {
            status: 'RUNNING',
            defaultKeyValueStoreId: 's1',
            statusMessage: 'Step 1 of 2 · Listing: 60 of 100 pages done (60%)',
        });
        expect(childProgress(child)).toMatchObject({ done: 60, total: 100, totalIsEstimate: true });
        applyRun(child, { statusMessage: 'Step 2 of 2 · Details: 5 of 40 pages done (12%)' });
        // Step 1 ended at 60 of 100 as far as the parent saw; its record then says where it really ended.
        applyRecord(
            child,
            record({
                done: 10,
                total: 40,
                totalIsEstimate: false,
                step: 2,
                stepCount: 2,
                completedSteps: [{ done: 100, failed: 0, total: 100, unit: ['page', 'pages'] }],
            }),
            false,
        );
        expect(childProgress(child)).toMatchObject({ done: 110, total: 140, totalIsEstimate: false });
    });
});

describe('the children added up', () => {
    it("keep a killed worker's work as handled, never as done: it may have failed some of it just before it died", () => {
        // The demo with one worker SIGKILLed: it was seen to do 39 pages, then did more, one of which failed
        // for good just before it died (in the queue's 302 handled, in none of its words).
        const children = [
            killedWorker(),
            finishedWorker('w2', 141, 1, crawl(302, 302, false)),
            finishedWorker('w3', 108, 1, crawl(296, 302)),
        ];
        const truth = { done: 299, failed: 3 };
        const sum = sumChildren(children, 3);
        // 302 handled: 288 said done, 2 said failed, 12 no one said; those are not claimed done.
        expect(sum).toMatchObject({ done: 288, failed: 2, unreported: 12, total: 302, totalIsEstimate: false });
        expect(sum.done).toBeLessThanOrEqual(truth.done);
        expect(sum.failed).toBeLessThanOrEqual(truth.failed);
        expect(sum.done + sum.failed + sum.unreported).toBe(truth.done + truth.failed);
        // Before worker 3 said anything it may be one of the queue's workers: the rest is its to say.
        const silent = newChildState('w3', 'w3');
        applyRun(silent, { status: 'RUNNING', defaultKeyValueStoreId: 's-w3' });
        expect(sumChildren([killedWorker(), children[1] as ChildState, silent], 3)).toMatchObject({
            done: 180,
            failed: 1,
            unreported: 0,
        });
    });

    it('count what a shared queue handled as done only once its workers ended: a failure not yet seen is not a page done', () => {
        const running = (id: string, message: string) => {
            const child = newChildState(id, id);
            applyRun(child, { status: 'RUNNING', defaultKeyValueStoreId: `s-${id}`, statusMessage: message });
            return child;
        };
        // The queue handled 250; worker b failed 2 of its pages, which its message does not say yet.
        const a = running('a', '250 of at least 300 pages handled across 2 runs · this run 100');
        const b = running('b', '240 of at least 300 pages handled across 2 runs · this run 148');
        expect(sumChildren([a, b], 2)).toMatchObject({ done: 248, failed: 0 });
        applyRun(b, {
            statusMessage: '252 of at least 300 pages handled across 2 runs · this run 150 · 2 failed here',
        });
        expect(sumChildren([a, b], 2)).toMatchObject({ done: 250, failed: 2 });
    });

    it('count each noun apart: products are not added into pages', () => {
        const pages = newChildState('a', 'crawler');
        applyRun(pages, { status: 'SUCCEEDED', exitCode: 0, defaultKeyValueStoreId: 's-a' });
        applyRecord(pages, record({ status: 'finished', done: 40, total: 40, totalIsEstimate: false }), true);
        const products = newChildState('b', 'enricher');
        applyRun(products, { status: 'RUNNING', defaultKeyValueStoreId: 's-b' });
        applyRecord(
            products,
            record({ done: 30, total: 80, totalIsEstimate: false, unit: ['product', 'products'] }),
            false,
        );
        const sum = sumChildren([pages, products], 2, ['page', 'pages']);
        expect(sum).toMatchObject({ done: 40, failed: 0, total: 40, totalIsEstimate: false, unit: ['page', 'pages'] });
        expect(sum.otherUnits).toEqual([
            { unit: ['product', 'products'], done: 30, failed: 0, total: 80, totalIsEstimate: false },
        ]);
        expect(childProgress(products)).toMatchObject({ done: 30, unit: ['product', 'products'] });
    });
});

describe("a child's record of a newer schema version", () => {
    it('is not read: its fields may not mean what this version knows them to mean', () => {
        const document = { schemaVersion: 2, status: 'running', done: 5, failed: 0, unit: ['page', 'pages'] };
        expect(readChildRecord(document)).toEqual({ record: undefined, newerVersion: 2 });
        expect(readChildRecord({ ...document, schemaVersion: 1 }).record).toMatchObject({ done: 5 });
    });
});
