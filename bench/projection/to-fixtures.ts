/**
 * Turns traces of `BENCH_PROJECTION_TRACES=<dir> npm run bench -- projection` into the recorded discovery
 * curves the projection's unit tests replay (test/counting/fixtures/discovery/):
 * `tsx bench/projection/to-fixtures.ts <dir> test/counting/fixtures/discovery`. Every second reading, in a
 * compact form. Only the shapes the tests use are kept: dense, web-like, shop, tree-falling, pagination,
 * query-duplicates, behind-one-link.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ShapeTrace } from './params.js';

/** What a fixture holds: one row per reading (see `FIXTURE_COLUMNS`). */
export interface DiscoveryCurve {
    shape: string;
    /** Requests handled in all when the crawl ended. */
    final: number;
    /** ms from the start to the end of the crawl (the clock of `t`). */
    endedAt: number;
    /** `maxRequestsPerCrawl`, when the crawl had one. */
    cap: number | null;
    columns: typeof FIXTURE_COLUMNS;
    rows: number[][];
}

export const FIXTURE_COLUMNS = [
    't',
    'handled',
    'total',
    'totalIsEstimate',
    'ratePerMinute',
    'newLinks',
    'knownLinks',
    'sampled',
    'f1',
    'f2',
    'f3',
    'f4',
] as const;

export function toCurve(trace: ShapeTrace): DiscoveryCurve {
    const rows = trace.samples
        .filter((sample, i) => i % 2 === 1 && sample.discovery !== null && sample.total !== null)
        .map((sample) => {
            const links = sample.discovery?.links;
            return [
                Math.round(sample.t),
                sample.handled,
                sample.total ?? 0,
                sample.totalIsEstimate ? 1 : 0,
                sample.ratePerMinute === null ? -1 : Math.round(sample.ratePerMinute * 10) / 10,
                links?.newLinks ?? 0,
                links?.knownLinks ?? 0,
                links?.sampled ?? 0,
                ...(links?.namedTimes ?? [0, 0, 0, 0]),
            ];
        });
    const cap = trace.samples.find((sample) => sample.discovery)?.discovery?.cap ?? null;
    return {
        shape: trace.shape,
        final: trace.final,
        endedAt: Math.round(trace.endedAt),
        cap,
        columns: FIXTURE_COLUMNS,
        rows,
    };
}

const [from, to] = process.argv.slice(2);
if (from && to) {
    const kept = ['dense', 'web-like', 'shop', 'tree-falling', 'pagination', 'query-duplicates', 'behind-one-link'];
    for (const file of readdirSync(from).filter((name) => kept.includes(basename(name, '.json')))) {
        const curve = toCurve(JSON.parse(readFileSync(join(from, file), 'utf8')) as ShapeTrace);
        writeFileSync(
            join(to, basename(file)),
            `${JSON.stringify({ ...curve, rows: undefined }).replace(
                /}$/,
                ',"rows":[\n',
            )}${curve.rows.map((row) => JSON.stringify(row)).join(',\n')}\n]}\n`,
        );
    }
}
