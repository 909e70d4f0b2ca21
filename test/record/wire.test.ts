import { PlatformEmulator, type TimelineEntry } from '@actor-progress/emulator';
import { CheerioCrawler, Configuration, log as crawleeLog, LogLevel } from 'crawlee';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ProgressReporter, type ProgressReporterOptions } from '../../src/index.js';
import { MAX_END_REASON_LENGTH } from '../../src/wording/message-parts.js';

crawleeLog.setLevel(LogLevel.OFF);

let site: Site;
let emulator: PlatformEmulator;
let storeId: string;

beforeAll(async () => {
    site = await startSite({ pages: 40, slowFraction: 0.3, slowDelayMs: 60, failingFraction: 0.05, missingLinks: 1 });
});

afterAll(async () => {
    await site?.close();
});

beforeEach(async () => {
    emulator = await PlatformEmulator.start();
    const env = emulator.defaultRun.env();
    storeId = env.ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '';
    expect(storeId).not.toBe('');
});

afterEach(async () => {
    await emulator?.close();
});

/**
 * A reporter created as on the platform: the run id, token, API and default store in the
 * environment (not `APIFY_IS_AT_HOME`: the SDK and the crawlers keep their local storages, so every
 * call on the wire is the reporter's). It reads the environment only when it is created.
 */
function platformReporter(options: ProgressReporterOptions) {
    const env = emulator.defaultRun.env();
    const names = ['ACTOR_RUN_ID', 'APIFY_TOKEN', 'APIFY_API_BASE_URL', 'ACTOR_DEFAULT_KEY_VALUE_STORE_ID'] as const;
    const saved = names.map((name) => [name, process.env[name]] as const);
    for (const name of names) process.env[name] = env[name];
    const warnings: string[] = [];
    try {
        const reporter = new ProgressReporter({
            handleExit: false,
            persistStateKey: false,
            log: { info: () => undefined, warning: (message) => warnings.push(message) },
            ...options,
        });
        return { reporter, warnings };
    } finally {
        for (const [name, value] of saved) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    }
}

const recordWrites = (): TimelineEntry[] =>
    emulator.timeline.filter((entry) => entry.kind === 'keyValueStore_record_put' && entry.path.endsWith('/PROGRESS'));
const statusPuts = (): TimelineEntry[] => emulator.timeline.filter((entry) => entry.kind === 'actorRun_put');
const stored = () => emulator.keyValueStore(storeId)?.getRecord('PROGRESS');
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

function crawlerSavingPages(): CheerioCrawler {
    return new CheerioCrawler(
        {
            maxConcurrency: 2,
            maxRequestRetries: 0,
            async requestHandler({ request, $, enqueueLinks, pushData }) {
                await pushData({ url: request.url, title: $('title').text() });
                await enqueueLinks();
            },
        },
        new Configuration({ persistStorage: false, purgeOnStart: true }),
    );
}

describe('the progress record on the wire', () => {
    it('is written no more often than the interval, and ends equal to the final snapshot', async () => {
        // 0.3 s asked; the API store writes at most once a second whatever the option.
        const { reporter, warnings } = platformReporter({ intervalSecs: 0.2, recordIntervalSecs: 0.3 });
        const crawler = crawlerSavingPages();
        const startedAt = Date.now();
        const detach = reporter.attach(crawler);
        await crawler.run([site.startUrl]);
        detach();
        expect(await reporter.finish()).toBe('delivered');
        const seconds = (Date.now() - startedAt) / 1000;

        const writes = recordWrites();
        expect(writes.length).toBeGreaterThanOrEqual(2); // the first change, and the end
        expect(writes.length).toBeLessThanOrEqual(Math.ceil(seconds / 1) + 2);
        expect(reporter.recordCallCount).toBe(writes.length);
        // (The exact spacing is checked on a fake clock in record-writer.test.ts; here, the count on the wire.)
        expect(writes.every((entry) => entry.status === 200 || entry.status === 201)).toBe(true);

        // The final record: the final snapshot, holding the terminal message, written after it.
        const record = stored();
        expect(record?.contentType).toMatch(/^application\/json/);
        expect(record?.value).toEqual(asJson(reporter.progressDocument()));
        const { requestsFinished, requestsFailed } = crawler.stats.state;
        const items = (await (await crawler.getDataset()).getInfo())?.itemCount;
        expect(record?.value).toMatchObject({
            status: 'finished',
            done: requestsFinished,
            failed: requestsFailed,
            items,
            failures: [{ reason: 'HTTP 500', count: site.failing }],
            message: emulator.run.statusMessage,
            terminal: true,
        });
        const terminal = statusPuts().find((entry) => entry.isStatusMessageTerminal);
        expect(writes.at(-1)?.receivedAt).toBeGreaterThanOrEqual(terminal?.at ?? Number.POSITIVE_INFINITY);
        expect(warnings).toEqual([]);
    });

    it('is written at once at a migration, whatever the interval, holding the notice', async () => {
        const { reporter } = platformReporter({ intervalSecs: 0.2, recordIntervalSecs: 600, total: 10 });
        reporter.advance(4);
        await reporter.flush();
        await emulator.waitFor(() => recordWrites().length === 1);
        await reporter.markMigrating();
        expect(recordWrites()).toHaveLength(2);
        expect(stored()?.value).toMatchObject({
            status: 'migrating',
            done: 4,
            // persistStateKey is false here: nothing is saved, so the notice promises no resume.
            message: 'Migrating to another server at 4 of 10 items done',
            terminal: false,
        });
        await reporter.finish();
        expect(recordWrites()).toHaveLength(3);
    });

    it("holds a failed run's end reason bounded and scrubbed, as the status message says it", async () => {
        const { reporter } = platformReporter({ intervalSecs: 0.2, total: 10 });
        reporter.advance(3);
        const error = new Error(
            `Request to https://bob:hunter2@api.partner.com/data?token=SECRET_TOKEN_ABC failed at /home/alice/x.js ${'x'.repeat(200_000)}`,
        );
        await reporter.end({ status: 'failed', reason: error });
        const record = stored()?.value as { reason: string; message: string };
        const text = JSON.stringify(record);
        // A parent run reads this record, and whoever can read the store: a few hundred bytes, nothing secret.
        expect(text.length).toBeLessThan(2_000);
        for (const secret of ['hunter2', 'SECRET_TOKEN_ABC', 'alice']) {
            expect(text).not.toContain(secret);
            expect(emulator.run.statusMessage).not.toContain(secret);
        }
        expect(
            record.reason.startsWith('Error: Request to https://***@api.partner.com/data?token=*** failed at ~/x.js'),
        ).toBe(true);
        expect(record.reason.length).toBeLessThanOrEqual(MAX_END_REASON_LENGTH);
        expect(record.message).toBe(emulator.run.statusMessage);
        expect(record.message).toContain(record.reason.replace(/…$/, ''));
    });
});

describe('a record write that fails', () => {
    /** Steady progress for `ms`, one unit every 50 ms, as a run makes it. */
    async function progressFor(reporter: ProgressReporter, ms: number): Promise<void> {
        const ticker = setInterval(() => reporter.advance(), 50);
        await new Promise((resolve) => setTimeout(resolve, ms));
        clearInterval(ticker);
    }

    it('with 500s, leaves the status messages as they are: every one lands, in order, the last terminal', async () => {
        emulator.fault({ kind: 'keyValueStore_record_put', status: 500 });
        const { reporter, warnings } = platformReporter({
            intervalSecs: 0.2,
            recordIntervalSecs: 0.5,
            terminalDeadlineSecs: 2,
        });
        // The Apify API transport sends at most one status message a second: 3.5 s give 4 and more.
        await progressFor(reporter, 3_500);
        expect(await reporter.finish()).toBe('delivered');

        const puts = statusPuts();
        expect(puts.length).toBeGreaterThanOrEqual(5);
        expect(puts.every((entry) => entry.status === 200)).toBe(true);
        const counts = puts
            .slice(0, -1)
            .map((entry) => Number(/^(\d+) items done/.exec(entry.statusMessage ?? '')?.[1]));
        expect(counts).toEqual([...counts].sort((a, b) => a - b));
        expect(puts.at(-1)?.isStatusMessageTerminal).toBe(true);
        // The record was tried, a few times per write, and failed each time; said once, and not fatal.
        expect(recordWrites().length).toBeGreaterThan(1);
        expect(recordWrites().every((entry) => entry.status === 500)).toBe(true);
        expect(stored()).toBeUndefined();
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(
            /^Could not write the progress record PROGRESS to Apify API \(attempt 1\): API answered 500.*Status messages and the Actor carry on\.$/,
        );
    });

    it('that hangs, holds up no status message, and does not keep the run from ending', async () => {
        emulator.fault({ kind: 'keyValueStore_record_put', hang: true });
        const { reporter } = platformReporter({
            intervalSecs: 0.2,
            recordIntervalSecs: 0.5,
            requestTimeoutSecs: 1,
            terminalDeadlineSecs: 2,
        });
        await progressFor(reporter, 3_500);
        const firstHang = recordWrites()[0]?.receivedAt ?? Number.POSITIVE_INFINITY;
        // Status messages went on landing while the record write hung.
        expect(
            statusPuts().filter((entry) => entry.receivedAt > firstHang && entry.status === 200).length,
        ).toBeGreaterThanOrEqual(3);
        expect(await reporter.finish()).toBe('delivered');
        expect(emulator.run).toMatchObject({ isStatusMessageTerminal: true });
        expect(stored()).toBeUndefined();
    });
});
