/**
 * The projection end to end: real CheerioCrawlers crawl two site shapes of the benchmark on loopback, one
 * whose end shows in its links (pages linking across the site) and one where nothing does (a long
 * listing), with the reporter attached as the README shows it and the projection turned on
 * (`projection: true`; it is off by default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dense, pagination } from '../../bench/projection/shapes.js';
import { type ShapeServer, serveShape } from '../../bench/projection/site-server.js';
import type { ProgressSnapshot } from '../../src/index.js';
import { createCrawler, recordingReporter, runAttached } from '../helpers/crawlers.js';

const denseSite = dense(400, 5);
const listing = pagination(25, 10);
let servers: { dense: ShapeServer; listing: ShapeServer };

beforeAll(async () => {
    servers = { dense: await serveShape(denseSite, 0), listing: await serveShape(listing, 0) };
});

afterAll(async () => {
    await servers?.dense.close();
    await servers?.listing.close();
});

/** Crawls `server` with a reporter attached; the snapshot as each page's handler began, and the messages. */
async function crawl(server: ShapeServer, options: { projection?: boolean } = { projection: true }) {
    const { reporter, transport } = recordingReporter(options);
    const snapshots: ProgressSnapshot[] = [];
    /** Whether the crawler's queue was watched (its `addRequests` replaced on it), page by page. */
    const watched: boolean[] = [];
    const crawler = createCrawler('cheerio', {
        maxConcurrency: 4,
        onRequest: () => {
            snapshots.push(reporter.snapshot());
            watched.push(Object.hasOwn(crawler.requestQueue ?? {}, 'addRequests'));
        },
    });
    await runAttached(reporter, crawler, [`${server.url}/`]);
    await reporter.finish();
    const messages = transport.updates.map((update) => update.statusMessage);
    return { reporter, crawler, snapshots, watched, messages, final: crawler.stats.state.requestsFinished };
}

describe('the projection of a crawl', () => {
    it('projects a site whose pages link across it, and says so as "likely about", the at-least total kept', async () => {
        const { snapshots, messages, final, reporter, watched } = await crawl(servers.dense);
        expect(final).toBeGreaterThan(350);
        expect(watched.every(Boolean)).toBe(true);
        const projected = snapshots.filter((s) => s.projectedTotal !== null && s.projectedTotal !== undefined);
        expect(projected.length).toBeGreaterThan(0);
        for (const snapshot of projected) {
            const handled = snapshot.done + snapshot.failed;
            expect(snapshot.totalIsEstimate).toBe(true);
            expect(snapshot.projectedTotal).toBeGreaterThanOrEqual(snapshot.total ?? 0);
            if (handled >= final / 5) expect(Math.abs((snapshot.projectedTotal ?? 0) / final - 1)).toBeLessThan(0.25);
        }
        expect(messages.some((m) => /^[\d,]+ of at least [\d,]+ pages done · likely about [\d,]+/.test(m))).toBe(true);
        expect(messages.at(-1)).toMatch(new RegExp(`^Finished: ${final} of ${final} pages`));
        // The progress document (the PROGRESS record, /progress.json) carries the fields; none once finished.
        expect(reporter.progressDocument()).toMatchObject({ projectedTotal: null, projectedSecondsLeft: null });
    });

    it('abstains on a long listing, where nothing shows the end until the last page', async () => {
        const { snapshots, messages, final, crawler } = await crawl(servers.listing);
        expect(final).toBe(listing.paths.length);
        expect(snapshots.filter((s) => s.projectedTotal !== null)).toEqual([]);
        expect(messages.filter((m) => m.includes('likely'))).toEqual([]);
        expect(messages.some((m) => / of at least /.test(m))).toBe(true);
        // Detached: the queue's methods are Crawlee's own again, and so is the crawler's.
        const queue = crawler.requestQueue ?? {};
        expect(Object.hasOwn(queue, 'addRequests')).toBe(false);
        expect(Object.hasOwn(queue, 'addRequest')).toBe(false);
        expect(Object.hasOwn(crawler, 'getRequestQueue')).toBe(false);
    });

    it.each([
        ['by default', {}],
        ['with `projection: false`', { projection: false }],
    ])('%s, leaves the crawl alone: no projection, the queue not watched', async (_, options) => {
        const { snapshots, messages, watched } = await crawl(servers.dense, options);
        expect(snapshots.every((s) => s.projectedTotal === null)).toBe(true);
        expect(messages.filter((m) => m.includes('likely'))).toEqual([]);
        expect(messages.some((m) => / of at least /.test(m))).toBe(true);
        expect(watched.includes(true)).toBe(false);
    });
});
