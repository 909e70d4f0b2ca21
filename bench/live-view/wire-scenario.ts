/**
 * A hard run for the live view's wire: five pages a second with a growing total, a failure every
 * two seconds spread over 15 reasons (the most the snapshot keeps apart, some of them an author's
 * own words of up to 60 characters) and a burst of 20 more every 5 min, and a status message of
 * nearly the longest length (`maxMessageLength`, 500) every 5 s, the default interval. Deterministic: second `s` of the run
 * always looks the same, so runs of the benchmark compare.
 */
import type { FailureCount, ProgressSnapshot } from '../../src/counting/snapshot.js';

export const START = 1_800_000_000_000;
/** The default `intervalSecs`: a status message lands this often. */
export const MESSAGE_EVERY_S = 5;

const REASONS = [
    'HTTP 500',
    'HTTP 502',
    'HTTP 503',
    'blocked: HTTP 403',
    'blocked: HTTP 429',
    'timeout',
    'timeout in the handler',
    'network error: ECONNRESET',
    'network error: ENOTFOUND',
    'proxy error',
    'TypeError in the handler',
    'unsupported content type',
    'Product page without a price: the layout may have changed',
    'Listing page with no product links, perhaps a captcha page',
    'Review widget failed to load within the time allowed for it',
];

function failuresAt(failed: number): FailureCount[] {
    const counts = REASONS.map((reason, index) => ({
        reason,
        // Spread unevenly, as real failures are: the first reasons are the most common.
        count: Math.floor((failed * (REASONS.length - index)) / ((REASONS.length * (REASONS.length + 1)) / 2)),
    }));
    return counts.filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count);
}

/** The run at second `s`. */
export function snapshotAt(s: number): ProgressSnapshot {
    const done = s * 5;
    const failed = Math.floor(s / 2) + 20 * Math.floor(s / 300);
    const total = Math.max(1_000, Math.round(done * 1.6 + 500));
    return {
        status: 'running',
        unit: ['page', 'pages'],
        done,
        failed,
        retried: Math.floor(s / 3),
        items: done * 2,
        failures: failuresAt(failed),
        total,
        totalIsEstimate: true,
        startedAt: START,
        now: START + s * 1000,
        elapsedMs: s * 1000,
        // A smoothed rate wanders a little from second to second, as a real one does.
        ratePerMinute: 330 + 6 * Math.sin(s / 7),
        etaMs: undefined,
    };
}

/** The status message sent at second `s`: 490 characters (the longest is 500), as a busy run's messages are. */
export function messageAt(s: number): string {
    const snapshot = snapshotAt(s);
    const n = (value: number) => value.toLocaleString('en-US');
    const reasons = snapshot.failures.map(({ reason, count }) => `${n(count)} ${reason}`).join(', ');
    const text =
        `Crawling category and product pages: ${n(snapshot.done)} of at least ${n(snapshot.total ?? 0)} pages done · ` +
        `${n(snapshot.items)} items · ${n(snapshot.failed)} failed (${reasons}) · ${Math.round(snapshot.ratePerMinute ?? 0)}/min`;
    return `${text.slice(0, 489)}…`;
}
