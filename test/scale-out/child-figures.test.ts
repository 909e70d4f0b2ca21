import { describe, expect, it } from 'vitest';
import { countsFromStatusMessage, parseProgressRecord } from '../../src/scale-out/child-figures.js';

const record = {
    schemaVersion: 1,
    status: 'running',
    unit: ['page', 'pages'],
    done: 40,
    failed: 2,
    total: 120,
    totalIsEstimate: true,
    message: '40 of at least 120 pages done',
};

describe("a child's progress record", () => {
    it('gives its counts, total and noun', () => {
        expect(parseProgressRecord(record)).toEqual({
            status: 'running',
            done: 40,
            failed: 2,
            total: 120,
            totalIsEstimate: true,
            unit: ['page', 'pages'],
            failures: [],
            step: undefined,
            stepCount: undefined,
            completedSteps: [],
            message: '40 of at least 120 pages done',
            sharedQueue: undefined,
        });
    });

    it('is read from JSON text too, and fields it does not know are ignored', () => {
        expect(parseProgressRecord(JSON.stringify({ ...record, total: null, future: { x: 1 } }))).toMatchObject({
            done: 40,
            total: undefined,
        });
    });

    it("gives a shared queue's whole crawl once the worker has read it", () => {
        const queue = { queueId: 'q1', runs: 3, handled: 90, total: 200, totalIsEstimate: true };
        expect(parseProgressRecord({ ...record, sharedQueue: queue })?.sharedQueue).toEqual({
            queueId: 'q1',
            handled: 90,
            total: 200,
            totalIsEstimate: true,
        });
        expect(
            parseProgressRecord({ ...record, sharedQueue: { ...queue, handled: null } })?.sharedQueue,
        ).toBeUndefined();
    });

    it('is not trusted when it is not one', () => {
        expect(parseProgressRecord(undefined)).toBeUndefined();
        expect(parseProgressRecord('not json')).toBeUndefined();
        expect(parseProgressRecord({ ...record, done: -1 })).toBeUndefined();
        expect(parseProgressRecord({ ...record, status: 3 })).toBeUndefined();
        expect(parseProgressRecord({ ...record, unit: 'pages' })?.unit).toBeUndefined();
    });
});

describe("counts from a child's status message, for a child with no record", () => {
    it("reads actor-progress's wording", () => {
        expect(countsFromStatusMessage('1,204 of 3,000 pages done (40%) · 12 failed · 310/min')).toEqual({
            done: 1204,
            failed: 12,
            total: 3000,
            totalIsEstimate: false,
            noun: 'pages',
        });
        expect(countsFromStatusMessage('Finished: 40 of at least 60 pages done · in 5 s')).toEqual({
            done: 40,
            failed: 0,
            total: 60,
            totalIsEstimate: true,
            noun: 'pages',
        });
        expect(countsFromStatusMessage('52 pages done · 3 failed')).toEqual({
            done: 52,
            failed: 3,
            total: undefined,
            totalIsEstimate: true,
            noun: 'pages',
        });
        expect(
            countsFromStatusMessage('3 of 8 runs finished · 12,040 of about 30,000 pages · 1 run failed'),
        ).toMatchObject({ done: 3, total: 8, noun: 'runs' });
    });

    it('reads the counts of the step a run in steps is in, not the step number', () => {
        expect(countsFromStatusMessage('Step 1 of 2 · Listing: 60 of 100 pages done (60%) · 3 failed')).toEqual({
            done: 60,
            failed: 3,
            total: 100,
            totalIsEstimate: false,
            noun: 'pages',
            step: 1,
            stepCount: 2,
        });
        expect(countsFromStatusMessage('Step 2 · Details: 40 of at least 80 products done')).toMatchObject({
            done: 40,
            total: 80,
            totalIsEstimate: true,
            noun: 'products',
            step: 2,
        });
        expect(
            countsFromStatusMessage(
                'Migrating to another server, will resume at Step 1 of 2 · Listing: 60 of 100 pages done',
            ),
        ).toMatchObject({ done: 60, total: 100, step: 1 });
    });

    it('reads why units failed when the message says it', () => {
        const reasons = (message: string) => countsFromStatusMessage(message)?.failures;
        expect(reasons('Finished: 300 of 303 pages done · 300 items · 3 failed (HTTP 500) · in 25 s')).toEqual([
            { reason: 'HTTP 500', count: 3 },
        ]);
        expect(
            reasons('Finished: 37 of 40 pages done · 3 failed (2 × HTTP 500, 1 × blocked: HTTP 403) · in 9 s'),
        ).toEqual([
            { reason: 'HTTP 500', count: 2 },
            { reason: 'blocked: HTTP 403', count: 1 },
        ]);
        // "mostly": at least half; the rest is not said.
        expect(reasons('40 of 100 pages done · 30 failed (mostly blocked: HTTP 429) · 310/min')).toEqual([
            { reason: 'blocked: HTTP 429', count: 15 },
        ]);
        expect(
            reasons(
                'Finished my share: 40 pages · 3 failed here (1,200 × HTTP 500, 1 × other) · the crawl stands at 90 of 90 across runs',
            ),
        ).toEqual([
            { reason: 'HTTP 500', count: 1200 },
            { reason: 'other', count: 1 },
        ]);
        expect(reasons('40 of 100 pages done · 3 failed')).toBeUndefined();
    });

    it("reads Crawlee's own", () => {
        expect(countsFromStatusMessage('Crawled 188/300 pages, 2 failed requests, desired concurrency 4.')).toEqual({
            done: 188,
            failed: 2,
            total: 300,
            totalIsEstimate: true,
            noun: 'pages',
        });
        expect(countsFromStatusMessage('Finished! Total 63 requests: 60 succeeded, 3 failed.')).toEqual({
            done: 60,
            failed: 3,
            total: 63,
            totalIsEstimate: false,
        });
    });

    it("reads a shared-queue worker's own wording: its share, and the whole crawl apart", () => {
        expect(
            countsFromStatusMessage(
                '1,204 of at least 3,000 pages handled across 4 runs · this run 310 · 3 failed here',
            ),
        ).toEqual({
            done: 310,
            failed: 3,
            total: undefined,
            totalIsEstimate: true,
            noun: 'pages',
            sharedCrawl: { handled: 1204, total: 3000, totalIsEstimate: true },
        });
        expect(
            countsFromStatusMessage('Finished my share: 310 pages · the crawl stands at 2,900 of 3,000 across runs'),
        ).toMatchObject({
            done: 310,
            failed: 0,
            noun: 'pages',
            sharedCrawl: { handled: 2900, total: 3000, totalIsEstimate: false },
        });
        expect(countsFromStatusMessage('Working through a shared queue across 3 runs · this run 1 page')).toEqual({
            done: 1,
            failed: 0,
            total: undefined,
            totalIsEstimate: true,
        });
    });

    it('takes a noun only in the plural', () => {
        expect(countsFromStatusMessage('0 of at least 1 page done')).not.toHaveProperty('noun');
        expect(countsFromStatusMessage('1 page done')).not.toHaveProperty('noun');
    });

    it('gives nothing for a message without counts', () => {
        expect(countsFromStatusMessage('Starting the crawler.')).toBeUndefined();
        expect(countsFromStatusMessage(undefined)).toBeUndefined();
    });
});
