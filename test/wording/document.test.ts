import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { toProgressDocument } from '../../src/wording/document.js';
import { formatProgress } from '../../src/wording/format.js';
import { MAX_END_REASON_LENGTH } from '../../src/wording/message-parts.js';

const snapshot: ProgressSnapshot = {
    status: 'running',
    unit: ['page', 'pages'],
    done: 40,
    failed: 2,
    retried: 3,
    items: 120,
    failures: [{ reason: 'HTTP 500', count: 2 }],
    total: undefined,
    totalIsEstimate: false,
    startedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
    now: Date.UTC(2026, 0, 1, 12, 1, 0),
    elapsedMs: 60_000,
    ratePerMinute: undefined,
    etaMs: undefined,
};

describe('the progress document', () => {
    it('has every field, null where the snapshot has nothing, and survives JSON unchanged', () => {
        const document = toProgressDocument(snapshot, { text: '40 pages done', terminal: false });
        expect(document).toEqual({
            schemaVersion: 1,
            status: 'running',
            unit: ['page', 'pages'],
            done: 40,
            failed: 2,
            retried: 3,
            items: 120,
            failures: [{ reason: 'HTTP 500', count: 2 }],
            total: null,
            totalIsEstimate: false,
            startedAt: '2026-01-01T12:00:00.000Z',
            updatedAt: '2026-01-01T12:01:00.000Z',
            elapsedMs: 60_000,
            ratePerMinute: null,
            etaMs: null,
            projectedTotal: null,
            projectedSecondsLeft: null,
            phase: null,
            completedPhases: [],
            reason: null,
            message: '40 pages done',
            terminal: false,
            sharedQueue: null,
            charged: null,
        });
        expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    });

    it('carries what a pay-per-event run has charged, as a copy', () => {
        const charged = { totalUsd: 1.2, maxUsd: 5, events: { page: 12 }, limitReached: false };
        const document = toProgressDocument({ ...snapshot, charged }, undefined);
        expect(document.charged).toEqual(charged);
        expect(document.charged?.events).not.toBe(charged.events);
        expect(toProgressDocument({ ...snapshot, charged: { ...charged, maxUsd: null } }, undefined).charged).toEqual({
            ...charged,
            maxUsd: null,
        });
    });

    it('carries the whole crawl of a worker on a shared queue, null where the queue was not read yet', () => {
        const queue = { queueId: 'q1', runs: 3, handled: 120, total: 300, totalIsEstimate: true };
        expect(toProgressDocument({ ...snapshot, sharedQueue: queue }, undefined).sharedQueue).toEqual(queue);
        const unread = { ...queue, runs: undefined, handled: undefined, total: undefined };
        expect(toProgressDocument({ ...snapshot, sharedQueue: unread }, undefined).sharedQueue).toEqual({
            queueId: 'q1',
            runs: null,
            handled: null,
            total: null,
            totalIsEstimate: true,
        });
    });

    it('gives the rate to a tenth and the times in whole ms: no float noise in public data', () => {
        const document = toProgressDocument(
            { ...snapshot, ratePerMinute: 534.0131573339326, etaMs: 41_234.56789, elapsedMs: 60_000.4 },
            undefined,
        );
        expect(document).toMatchObject({ ratePerMinute: 534, etaMs: 41_235, elapsedMs: 60_000 });
        expect(toProgressDocument({ ...snapshot, ratePerMinute: 12.3456 }, undefined).ratePerMinute).toBe(12.3);
        // A slow run keeps what it has: 0.043 a minute is not 0.
        expect(toProgressDocument({ ...snapshot, ratePerMinute: 0.043219 }, undefined).ratePerMinute).toBe(0.043);
        expect(toProgressDocument({ ...snapshot, ratePerMinute: 0 }, undefined).ratePerMinute).toBe(0);
    });

    it('carries the projection of a growing total and the time left, null when the snapshot has none', () => {
        const growing = {
            ...snapshot,
            total: 2_100,
            totalIsEstimate: true,
            projectedTotal: 2_987,
            projectedSecondsLeft: 361,
        };
        expect(toProgressDocument(growing, undefined)).toMatchObject({
            projectedTotal: 2_987,
            projectedSecondsLeft: 361,
        });
        const abstaining = { ...growing, projectedTotal: null, projectedSecondsLeft: null };
        expect(toProgressDocument(abstaining, undefined)).toMatchObject({
            projectedTotal: null,
            projectedSecondsLeft: null,
        });
    });

    it('says there is no message yet before the first one landed', () => {
        const document = toProgressDocument(snapshot, undefined);
        expect(document.message).toBeNull();
        expect(document.terminal).toBe(false);
    });

    it("gives a failed run's end reason as its terminal message does: one line, bounded, scrubbed", () => {
        const reason = `Error: GET https://bob:hunter2@partner.example/v1?apiKey=SECRET&q=shoes failed\n    at /home/alice/app.js ${'x'.repeat(200_000)}`;
        const ended = { ...snapshot, status: 'failed' as const, reason };
        const message = formatProgress(ended);
        const document = toProgressDocument(ended, { text: message, terminal: true });
        const scrubbed = 'Error: GET https://***@partner.example/v1?apiKey=***&q=*** failed at ~/app.js ';
        expect(document.reason).toBe(`${scrubbed}${'x'.repeat(MAX_END_REASON_LENGTH - 1 - scrubbed.length)}…`);
        expect(document.reason?.length).toBe(MAX_END_REASON_LENGTH);
        expect(message).toBe(`Failed: 40 of 42 pages done · 120 items · 2 failed (HTTP 500) · ${document.reason}`);
    });
});
