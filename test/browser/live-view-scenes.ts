/**
 * Runs the browser tests show the live page with, where a real run would take days: a live view of
 * a run moved by hand (test/live-view/fake-run.ts), driven second by second through hours of its life.
 */
import type { FailureCount } from '../../src/counting/snapshot.js';
import type { serveFakeRun } from '../live-view/fake-run.js';

type Live = Awaited<ReturnType<typeof serveFakeRun>>;

const REASONS = [
    'HTTP 503',
    'blocked: HTTP 429',
    'timeout',
    'network error: ECONNRESET',
    'HTTP 500',
    'Product page without a price: the layout may have changed',
    'proxy error',
    'blocked: HTTP 403',
    'timeout in the handler',
    'TypeError in the handler',
    'network error: ENOTFOUND',
    'unsupported content type',
    'Listing page with no product links, perhaps a captcha page',
    'HTTP 502',
    'Review widget failed to load within the time allowed for it',
];

/** `failed` spread over `reasons`, the first the most common; the counts add up to `failed`. */
function spread(failed: number, reasons: readonly string[]): FailureCount[] {
    const weights = reasons.map((_, i) => 1 / (i + 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    const counts = reasons.map((reason, i) => ({ reason, count: Math.floor((failed * (weights[i] ?? 0)) / sum) }));
    const first = counts[0];
    if (first) first.count += failed - counts.reduce((total, entry) => total + entry.count, 0);
    return counts.filter((entry) => entry.count > 0);
}

const failuresOf = (failed: number) => spread(failed, REASONS);

const n = (value: number) => value.toLocaleString('en-US');
const usd = (value: number) =>
    `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The figures the 2,000,000-page crawl ends its drive with. */
export const BIG_CRAWL = {
    seconds: 153_600,
    done: 1_204_567,
    projectedTotal: 2_460_000,
    projectedSecondsLeft: 44 * 3600 + 20 * 60,
};

/**
 * A crawl of about 2,000,000 pages, 42 h 40 min in: 470 pages a minute, a total found so far that
 * keeps growing past 2,000,000, 15 failure reasons, pay-per-event with a maximum, a projection of
 * the total, a message every 30 s, a stall of 3 min at 10 h, a migration at 20 h and a burst of
 * failures at 30 h.
 */
export function driveBigCrawl(live: Live): void {
    const perSecond = BIG_CRAWL.done / BIG_CRAWL.seconds;
    let done = 0;
    let failed = 0;
    for (let s = 1; s <= BIG_CRAWL.seconds; s++) {
        const stalled = s > 36_000 && s <= 36_180;
        const migrating = s > 72_000 && s <= 72_030;
        if (!stalled && !migrating) done = Math.round(s * perSecond);
        if (!stalled) failed = Math.floor(s / 40) + (s > 108_000 ? 400 : 0);
        const total = Math.max(2_012_345 * (s / BIG_CRAWL.seconds) ** 0.6, done + 1000);
        const left = BIG_CRAWL.projectedSecondsLeft + (BIG_CRAWL.seconds - s);
        const rate = stalled || migrating ? 0 : 470 + 30 * Math.sin(s / 9000);
        live.second((state) => {
            Object.assign(state.snapshot, {
                status: migrating ? 'migrating' : 'running',
                done,
                failed,
                retried: Math.floor(failed * 2.5),
                items: done - Math.floor(done / 250),
                failures: failuresOf(failed),
                total: s === BIG_CRAWL.seconds ? 2_012_345 : Math.round(total),
                totalIsEstimate: true,
                ratePerMinute: rate,
                etaMs: undefined,
                ...(stalled ? { stalledMs: (s - 36_000) * 1000 } : {}),
            });
            Object.assign(state.extra, {
                charged: { totalUsd: done / 1000, maxUsd: 5000, events: { 'page-crawled': done } },
                projectedTotal: s > 600 ? BIG_CRAWL.projectedTotal : null,
                projectedSecondsLeft: s > 600 ? left : null,
            });
        });
        if (s % 30 === 0) {
            const total = live.state.snapshot.total ?? 0;
            const text = migrating
                ? `Migrating to another server: ${n(done)} of at least ${n(total)} pages done so far`
                : stalled
                  ? `${n(done)} of at least ${n(total)} pages done · no progress for ${Math.round((s - 36_000) / 60)} min`
                  : `${n(done)} of at least ${n(total)} pages done · ${n(done - Math.floor(done / 250))} items · ` +
                    `${n(failed)} failed (mostly HTTP 503) · ${Math.round(rate)}/min · ${usd(done / 1000)} of $5,000.00 max`;
            live.land(text);
        }
    }
}

/**
 * A run in three steps, 30 min in: 1,800 listing pages in the first 12 min (with failures for six
 * reasons), then products, 9,600 of 24,000 so far; the export not begun.
 */
export function driveSteps(live: Live): void {
    const listing = { done: 1_762, failed: 38, total: 1_800 };
    const reasons = [
        'HTTP 503',
        'timeout',
        'blocked: HTTP 429',
        'HTTP 500',
        'proxy error',
        'Listing page without links',
    ];
    for (let s = 1; s <= 1_800; s++) {
        const inListing = s <= 720;
        const failed = inListing ? Math.floor((listing.failed * s) / 720) : listing.failed;
        const failures = spread(failed, reasons);
        live.second((state) => {
            Object.assign(
                state.snapshot,
                inListing
                    ? {
                          done: Math.floor((listing.done * s) / 720),
                          failed,
                          total: listing.total,
                          unit: ['page', 'pages'],
                          phase: { name: 'Crawling listings', index: 1, count: 3 },
                          completedPhases: [],
                      }
                    : {
                          done: Math.floor((9_600 * (s - 720)) / 1_080),
                          failed: 0,
                          total: 24_000,
                          unit: ['product', 'products'],
                          phase: { name: 'Enriching products', index: 2, count: 3 },
                          completedPhases: [{ name: 'Crawling listings', ...listing, unit: ['page', 'pages'] }],
                      },
                {
                    failures,
                    ratePerMinute: inListing ? 150 : 533,
                    etaMs: inListing ? undefined : (24_000 - 9_600) * 112,
                },
            );
        });
        if (s % 20 === 0 || s === 721) {
            const snap = live.state.snapshot;
            const step = inListing ? 'Step 1 of 3 · Crawling listings' : 'Step 2 of 3 · Enriching products';
            const unit = inListing ? 'pages' : 'products';
            live.land(`${step}: ${n(snap.done ?? 0)} of ${n(snap.total ?? 0)} ${unit} done · ${n(failed)} failed`);
        }
    }
}
