/**
 * The live view in real Chromium: a crawl of the bundled site with `liveView` on, the page open the
 * whole time. Screenshots go to test-artifacts/live-view/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { createCrawler, runAttached } from '../helpers/crawlers.js';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/live-view');
/** About the size of the run's Live view in the Console. */
const CONSOLE_FRAME = { width: 1000, height: 600 };

let site: Site;
let browser: Browser;

beforeAll(async () => {
    assertChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    [site, browser] = await Promise.all([
        startSite({ pages: 60, slowFraction: 0.5, slowDelayMs: 150, failingFraction: 0.05, missingLinks: 1 }),
        chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
    ]);
});

afterAll(async () => {
    await Promise.all([site?.close(), browser?.close()]);
});

interface PageWatch {
    page: Page;
    /** Console errors, uncaught errors, CSP violations and dialogs (an `alert` that ran). */
    problems: string[];
}

async function openPage(url: string, viewport = CONSOLE_FRAME): Promise<PageWatch> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
    page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
    });
    // Injected by the browser, not the page, so the page's CSP does not apply to it.
    await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
            console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
    });
    await page.goto(url);
    return { page, problems };
}

const dataValue = (page: Page, id: string) =>
    page.locator(`#${id}`).evaluate((element) => (element as HTMLElement).dataset.value ?? null);
const textOf = (page: Page, id: string) => page.locator(`#${id}`).textContent();

/** A gate the crawl's request handler waits at: the counts hold still while it is closed. */
function gate() {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
        open = resolve;
    });
    return { opened, open };
}

describe('the live view in Chromium', () => {
    it('shows the crawl as it runs, the same counts as /progress.json, and the end as the Console has it', async () => {
        const transport = new RecordingTransport();
        const reporter = new ProgressReporter({
            transport,
            intervalSecs: 0.5,
            handleExit: false,
            liveView: { port: 0 },
        });
        const url = (await reporter.liveViewUrl()) ?? '';
        const { page, problems } = await openPage(url);
        await page.evaluate(() => {
            (window as { loadedOnce?: boolean }).loadedOnce = true;
        });

        let handled = 0;
        const hold = gate();
        const reachedHold = gate();
        const crawler = createCrawler('cheerio', {
            maxConcurrency: 1,
            onRequest: async () => {
                handled += 1;
                if (handled === 31) {
                    reachedHold.open();
                    await hold.opened;
                }
            },
        });
        const seen = new Set<string | null>();
        let crawlDone = false;
        const crawling = runAttached(reporter, crawler, [site.startUrl]).finally(() => {
            crawlDone = true;
        });
        const watching = (async () => {
            while (!crawlDone) {
                seen.add(await dataValue(page, 'done'));
                await new Promise((resolve) => setTimeout(resolve, 250));
            }
        })();

        // Mid-run, the crawl held still: the page and /progress.json agree on done and total.
        await reachedHold.opened;
        await expect
            .poll(
                () =>
                    page.evaluate(async () => {
                        const json = await (await fetch('progress.json')).json();
                        const read = (id: string) => Number(document.getElementById(id)?.dataset.value);
                        return {
                            page: { done: read('done'), total: read('total') },
                            json: { done: json.done, total: json.total },
                        };
                    }),
                { timeout: 10_000 },
            )
            .toSatisfy(({ page: shown, json }) => shown.done === json.done && shown.total === json.total);
        expect(Number(await dataValue(page, 'done'))).toBe(30);
        await expect.poll(() => textOf(page, 'status')).toBe('Running');
        await page.screenshot({ path: join(ARTIFACTS, 'mid-run.png') });
        hold.open();
        await crawling;
        await watching;

        // The end: the terminal message exactly as sent, marked, and the final counts.
        await reporter.finish();
        const terminal = transport.updates.at(-1);
        expect(terminal?.isStatusMessageTerminal).toBe(true);
        await expect.poll(() => textOf(page, 'message')).toBe(terminal?.statusMessage);
        await expect.poll(() => page.locator('#message-terminal').isVisible()).toBe(true);
        expect(await textOf(page, 'status')).toBe('Finished');
        // Nothing moves any more: the rate shown is the run's average, not its last one.
        expect(await textOf(page, 'rate-label')).toBe('Average rate');
        expect(await textOf(page, 'rate')).toMatch(/\/min$/);
        expect(await dataValue(page, 'done')).toBe(String(site.succeeding));
        expect(await dataValue(page, 'failed')).toBe(String(site.failing));
        expect(await dataValue(page, 'total')).toBe(String(site.reachable));
        expect(await page.locator('#timeline li').first().textContent()).toContain(terminal?.statusMessage);
        expect(await page.locator('#timeline li[data-terminal="true"]').count()).toBe(1);
        await page.screenshot({ path: join(ARTIFACTS, 'end.png') });

        // The count changed on the page while the crawl ran, without a reload.
        expect(seen.size).toBeGreaterThan(3);
        expect(await page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
        // The chart is drawn; the page's main column fits in the Console's frame.
        const canvas = await page.locator('#chart canvas').boundingBox();
        expect(canvas?.width).toBeGreaterThan(300);
        expect(canvas?.height).toBeGreaterThan(100);
        expect(((canvas?.y ?? 0) + (canvas?.height ?? 0)) | 0).toBeLessThanOrEqual(CONSOLE_FRAME.height);
        // When the run's process goes (here: the server closes), the page keeps the final state.
        await reporter.closeLiveView();
        await expect.poll(() => textOf(page, 'connection')).toBe('run ended: final state');
        expect(await textOf(page, 'message')).toBe(terminal?.statusMessage);
        expect(await dataValue(page, 'done')).toBe(String(site.succeeding));
        expect(problems.filter((problem) => !problem.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
        await page.close();
    });

    it('shows markup from the run as text, runs none of it, and reads on a phone', async () => {
        const xss = '<img src=x onerror=alert(1)>';
        const reporter = new ProgressReporter({
            transport: new RecordingTransport(),
            intervalSecs: 0,
            handleExit: false,
            liveView: { port: 0 },
            phases: ['<script>alert(2)</script>', 'Second'],
        });
        const url = (await reporter.liveViewUrl()) ?? '';
        const { page, problems } = await openPage(url, { width: 390, height: 844 });
        reporter.phase('<script>alert(2)</script>', { total: 4, unit: ['<b>row</b>', '<b>rows</b>'] });
        reporter.advance(2);
        await reporter.flush();
        await reporter.finish(xss);
        await expect.poll(() => textOf(page, 'message')).toBe(xss);
        expect(await textOf(page, 'progress-text')).toBe('2 of 4 <b>rows</b> done in step 1 of 2');
        expect(await page.locator('#phases li').first().textContent()).toContain('<script>alert(2)</script>');
        expect(await page.locator('#timeline li').first().textContent()).toContain(xss);
        // Nothing of it became markup, and nothing ran.
        expect(await page.locator('main img, main script, main b').count()).toBe(0);
        expect(problems).toEqual([]);
        // On a phone: one column, nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.screenshot({ path: join(ARTIFACTS, 'phone-end.png'), fullPage: true });
        await page.close();
        await reporter.closeLiveView();
    });
});
