import { describe, expect, it } from 'vitest';
import type { ProgressState } from '../../src/counting/saved-state.js';
import { atResumePoint } from '../../src/reporter/message-text.js';
import { formatProgress } from '../../src/wording/format.js';
import { snapshotOf } from '../helpers/snapshot.js';

const saved = (extra: Partial<ProgressState> = {}): ProgressState => ({
    version: 1,
    startedAt: 0,
    done: 10,
    failed: 0,
    retried: 0,
    total: undefined,
    totalIsEstimate: false,
    phase: undefined,
    completedPhases: [],
    ...extra,
});

const worker = (handled: number, total: number, totalIsEstimate: boolean) =>
    snapshotOf({
        status: 'migrating',
        unit: ['page', 'pages'],
        done: 14,
        total: undefined,
        sharedQueue: { queueId: 'q', runs: 2, handled, total, totalIsEstimate },
    });

describe('the migration notice of a worker on a shared queue', () => {
    it('names the crawl as saved, not as read since: the next start resumes from those figures', () => {
        const notice = atResumePoint(worker(25, 51, true), saved({ sharedQueue: { handled: 7, total: 15 } }));
        // Before: "... · the crawl stands at 25 of at least 51 across 2 runs", figures nobody saved.
        expect(formatProgress(notice)).toBe(
            'Migrating to another server, will resume at this run 10 pages · the crawl stands at 7 of at least 15 across 2 runs',
        );
    });

    it('says "at least" once the crawl has moved on from the saved figures, even when it is firm now', () => {
        const moved = atResumePoint(worker(20, 20, false), saved({ sharedQueue: { handled: 15, total: 15 } }));
        expect(moved.sharedQueue).toMatchObject({ handled: 15, total: 15, totalIsEstimate: true });
        const same = atResumePoint(worker(15, 15, false), saved({ sharedQueue: { handled: 15, total: 15 } }));
        expect(same.sharedQueue).toMatchObject({ handled: 15, total: 15, totalIsEstimate: false });
    });

    it('keeps the live figures when none were saved (the queue had not been read yet)', () => {
        expect(atResumePoint(worker(5, 11, true), saved()).sharedQueue).toMatchObject({ handled: 5, total: 11 });
    });
});
