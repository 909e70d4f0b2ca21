import type { ProgressSnapshot } from '../../src/counting/snapshot.js';

/**
 * A snapshot of a run that has counted nothing yet, for tests of the pure wording: each test
 * overrides what it is about, and nothing else differs between them.
 */
export function snapshotOf(overrides: Partial<ProgressSnapshot> = {}): ProgressSnapshot {
    return {
        status: 'running',
        unit: ['page', 'pages'],
        done: 0,
        failed: 0,
        retried: 0,
        items: 0,
        failures: [],
        total: undefined,
        totalIsEstimate: false,
        startedAt: 0,
        now: 0,
        elapsedMs: 0,
        ratePerMinute: undefined,
        etaMs: undefined,
        ...overrides,
    };
}
