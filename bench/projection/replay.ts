/**
 * Replays a recorded discovery curve (test/counting/fixtures/discovery, made by to-fixtures.ts) through a
 * Tally on a fake clock, as the reporter makes its snapshots: for the projection's unit tests, and to read
 * an older crawl's figures with today's code:
 * `npx tsx bench/projection/replay.ts test/counting/fixtures/discovery` prints, per recorded crawl, the
 * figure shown and the time left at a quarter and at half way, as the benchmark's table reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressSnapshot } from '../../src/counting/snapshot.js';
import { Tally } from '../../src/counting/tally.js';
import { roundProjection } from '../../src/wording/projection-words.js';
import type { DiscoveryCurve } from './to-fixtures.js';

export interface Replayed {
    handled: number;
    /** ms since the crawl started. */
    t: number;
    snapshot: ProgressSnapshot;
}

/** Every reading of `curve` as the reporter would have made it: clock, counts, total and links. */
export function replayCurve({ rows, cap }: DiscoveryCurve, options: { projection: boolean }): Replayed[] {
    let now = 0;
    const tally = new Tally({
        clock: { now: () => now },
        unit: ['page', 'pages'],
        total: undefined,
        phases: undefined,
        warnings: { overTotal: () => undefined, badTotalFunction: () => undefined },
        projection: options.projection,
    });
    return rows.map(
        ([t = 0, handled = 0, total = 0, estimate = 1, , newLinks = 0, knownLinks = 0, sampled = 0, ...f]) => {
            now = t;
            tally.setCounts({ done: handled });
            tally.setTotal(total, estimate === 1);
            const namedTimes = [f[0] ?? 0, f[1] ?? 0, f[2] ?? 0, f[3] ?? 0] as const;
            tally.setDiscovery({ links: { newLinks, knownLinks, sampled, namedTimes }, cap: cap ?? undefined });
            tally.observeRate();
            return { handled, t, snapshot: tally.snapshot('running', undefined) };
        },
    );
}

/** The last reading with at most `share` of the final count handled. */
export function readingAt(readings: readonly Replayed[], final: number, share: number): Replayed {
    const reading = readings.filter((r) => r.handled <= final * share).at(-1);
    if (!reading) throw new Error(`no reading at ${share}`);
    return reading;
}

const signed = (ratio: number | undefined) =>
    ratio === undefined ? '-' : `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(0)}%`;

const [dir] = process.argv.slice(2);
if (dir) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
        const curve = JSON.parse(readFileSync(join(dir, file), 'utf8')) as DiscoveryCurve;
        const readings = replayCurve(curve, { projection: true });
        const figures = [0.25, 0.5].map((share) => {
            const { snapshot, t } = readingAt(readings, curve.final, share);
            const { projectedTotal, projectedSecondsLeft, total } = snapshot;
            const shown = projectedTotal == null ? (total ?? 0) : roundProjection(projectedTotal, total ?? 0);
            const truth = (curve.endedAt - t) / 1000;
            const timeLeft = projectedSecondsLeft == null ? undefined : projectedSecondsLeft / truth - 1;
            return `at ${share * 100}%: figure ${signed(shown / curve.final - 1)}, time left ${signed(timeLeft)}`;
        });
        console.log(
            `${curve.shape} (${curve.final} pages, ${(curve.endedAt / 1000).toFixed(0)} s): ${figures.join(' · ')}`,
        );
    }
}
