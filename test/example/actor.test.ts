import { PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExampleActor } from '../../examples/demo/run-actor.js';
import { type Site, startSite } from '../../examples/site/index.js';
import { CRAWLEE_WORDINGS } from '../helpers/crawlers.js';

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 60, slowFraction: 0.2, slowDelayMs: 100, failingFraction: 0.05, missingLinks: 1 });
});

afterAll(async () => {
    await site?.close();
});

/** The paths of the site that answer with a page the crawler stores: every page but the failing ones, and the 404s. */
function succeedingPaths(plan: Site): string[] {
    const dead = new Set([...plan.failingPages, ...plan.hangingPages]);
    const pages = Array.from({ length: plan.pages }, (_, index) => index).filter((index) => !dead.has(index));
    return [...pages.map((index) => `/page/${index}`), ...plan.missingPaths];
}

async function withEmulator<T>(use: (emulator: PlatformEmulator) => Promise<T>): Promise<T> {
    const emulator = await PlatformEmulator.start();
    try {
        return await use(emulator);
    } finally {
        await emulator.close();
    }
}

describe('the example Actor, run as npm start runs it', () => {
    it('posts the crawl\'s progress to the run and ends with a terminal "Finished" message', async () => {
        await withEmulator(async (emulator) => {
            const run = await runExampleActor({
                input: { startUrls: [{ url: site.startUrl }], maxConcurrency: 4, statusIntervalSecs: 1 },
                env: emulator.env(),
            });
            const output = `${run.stdout}\n${run.stderr}`;
            expect(run.exitCode, output).toBe(0);
            // The live view is on by default, on a free port here (runExampleActor sets
            // ACTOR_WEB_SERVER_PORT=0): its URL is logged once, with the real port.
            const urls = [...output.matchAll(/Live view: (http:\/\/127\.0\.0\.1:(\d+)\/)/g)];
            expect(urls, output).toHaveLength(1);
            expect(Number(urls[0]?.[2])).toBeGreaterThan(0);

            const messages = emulator.statusMessages();
            const texts = messages.map((record) => record.message);
            expect(texts[0]).toBe('0 of at least 1 page done');
            // Every page the site serves was crawled and stored. Crawlee's local storage sometimes
            // crawls a URL twice, when two handlers enqueue it at the same moment (docs/crawlers.md):
            // the counts then include it twice, in the messages and the dataset alike. So the pages
            // are checked as a set against the site, and the counts against what was really saved.
            const storedPaths = new Set(run.datasetUrls.map((url) => new URL(url).pathname));
            expect([...storedPaths].sort()).toEqual(succeedingPaths(site).sort());
            const saved = run.datasetItems;
            // What the run saved and why pages failed, in plain words.
            const finished = new RegExp(
                `^Finished: ${saved} of (\\d+) pages done · ${saved} items · (\\d+) failed \\(HTTP 500\\) · in `,
            ).exec(texts.at(-1) ?? '');
            expect(finished, texts.at(-1)).not.toBeNull();
            const [total, failed] = [Number(finished?.[1]), Number(finished?.[2])];
            expect(failed).toBeGreaterThanOrEqual(site.failing);
            expect(total).toBe(saved + failed);
            // One terminal message, the last one; nothing sent twice in a row; none of Crawlee's own messages.
            expect(messages.map((record) => record.terminal)).toEqual(texts.map((_, i) => i === texts.length - 1));
            for (const [i, text] of texts.entries()) expect(text).not.toBe(texts[i - 1]);
            for (const wording of CRAWLEE_WORDINGS) expect(texts.filter((text) => text.includes(wording))).toEqual([]);
            // The progress record in the local storage ends as the terminal message left the run.
            expect(run.progressRecord).toMatchObject({
                schemaVersion: 1,
                status: 'finished',
                done: saved,
                failed,
                items: saved,
                failures: [{ reason: 'HTTP 500', count: failed }],
                message: texts.at(-1),
                terminal: true,
            });
            // Every call the Actor made was a status update that the emulator accepted.
            expect(emulator.timeline.every((entry) => entry.method === 'PUT' && entry.status === 200)).toBe(true);
        });
    });

    it('ends with a clear terminal message naming the field and a non-zero exit code on bad input', async () => {
        await withEmulator(async (emulator) => {
            const run = await runExampleActor({
                input: { startUrls: [{ url: site.startUrl }], maxConcurrency: 0 },
                env: emulator.env(),
            });
            expect(run.exitCode).toBe(1);
            const expected = 'Input field `maxConcurrency` must be a whole number from 1 to 200, got 0.';
            expect(emulator.statusMessages()).toEqual([
                expect.objectContaining({ message: `Invalid input: ${expected}`, terminal: true }),
            ]);
            expect(`${run.stdout}${run.stderr}`).toContain(expected);
            expect(run.datasetItems).toBe(0);
        });
    });

    it('fails clearly when there is no usable input at all', async () => {
        await withEmulator(async (emulator) => {
            const run = await runExampleActor({ input: { startUrls: 'https://example.com' }, env: emulator.env() });
            expect(run.exitCode).toBe(1);
            expect(emulator.statusMessages().at(-1)).toMatchObject({
                message: expect.stringMatching(/^Invalid input: Input field `startUrls` must be a non-empty list/),
                terminal: true,
            });
        });
    });
    it('SIGINT during the crawl: Crawlee pauses and ends run(), and the last message says the run was interrupted', async () => {
        const slowSite = await startSite({ pages: 60, slowFraction: 1, slowDelayMs: 300, failingFraction: 0 });
        try {
            await withEmulator(async (emulator) => {
                const run = await runExampleActor({
                    input: { startUrls: [{ url: slowSite.startUrl }], maxConcurrency: 2, statusIntervalSecs: 1 },
                    env: emulator.env(),
                    // Ctrl+C once some pages are done: Crawlee's own SIGINT handler decides what it means.
                    onStarted: (child) => {
                        const someDone = (entries: readonly { statusMessage?: string }[]) =>
                            entries.some((entry) => /^[1-9]\d* of/.test(entry.statusMessage ?? ''));
                        void emulator.waitFor(someDone, 30_000).then(() => child.kill('SIGINT'));
                    },
                });
                expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
                const messages = emulator.statusMessages();
                expect(messages.at(-1)).toMatchObject({
                    message: expect.stringMatching(
                        // The queue was not drained: the total stays what was found, not what was handled.
                        /^Aborted: \d+ of at least \d+ pages done(?: · \d+ items?)? · interrupted by SIGINT$/,
                    ),
                    terminal: true,
                });
                expect(messages.filter((record) => record.terminal)).toHaveLength(1);
                expect(run.datasetItems).toBeLessThan(slowSite.succeeding);
            });
        } finally {
            await slowSite.close();
        }
    });
});
