/**
 * Many tabs of one live page in one browser, as a person opens them on a local run: a browser opens
 * at most 6 connections to a host over HTTP/1.1, and a stream per tab held them all (the 7th tab
 * never loaded). The tabs share one stream.
 */
import { type Browser, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { serveFakeRun } from '../live-view/fake-run.js';
import { CONSOLE_FRAME, dataValue, openPage, type PageWatch } from './live-view-page.js';

const POLL = { timeout: 30_000, intervals: [250] };
let browser: Browser;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
    assertChromium();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
    await browser?.close();
});

describe('many tabs of the live page in one browser', () => {
    it('all load and follow the run over one stream, and another tab takes it over when its tab closes', async () => {
        const live = await serveFakeRun(cleanup);
        live.second((state) => {
            state.snapshot.done = 1;
        });
        const context = await browser.newContext({ viewport: CONSOLE_FRAME });
        cleanup.push(() => context.close());
        const tabs: PageWatch[] = [];
        for (let i = 0; i < 8; i++) {
            const tab = await openPage(context, live.url);
            tabs.push(tab);
            await expect.poll(() => dataValue(tab.page, 'done'), POLL).toBe('1');
        }
        expect(live.view.viewers).toBe(1);

        live.second((state) => {
            state.snapshot.done = 2;
        });
        for (const tab of tabs) await expect.poll(() => dataValue(tab.page, 'done'), POLL).toBe('2');

        // The tab holding the stream closes: another opens it, and every tab left follows the run.
        await tabs[0]?.page.close();
        await expect.poll(() => live.view.viewers, POLL).toBe(1);
        live.second((state) => {
            state.snapshot.done = 3;
        });
        for (const tab of tabs.slice(1)) await expect.poll(() => dataValue(tab.page, 'done'), POLL).toBe('3');
        expect(tabs.flatMap((tab) => tab.problems)).toEqual([]);
    });
});
