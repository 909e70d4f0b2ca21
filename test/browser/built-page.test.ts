/**
 * The live page as the package ships it: `npm run build` minifies the page's scripts and styles into
 * dist/page/, and the built library serves those. The other browser tests run the sources; this one
 * shows that the minified page still runs, with no error, and shows the run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { dataValue, openPage } from './live-view-page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let browser: Browser;

beforeAll(async () => {
    assertChromium();
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}, 120_000);

afterAll(async () => {
    await browser?.close();
});

it('the built, minified page runs without an error and shows the run', async () => {
    const source = statSync(`${root}src/live-view/page/render.js`).size;
    const built = statSync(`${root}dist/page/render.js`).size;
    expect(built, 'dist/page/render.js is minified').toBeLessThan(source * 0.75);

    const builtLibrary = (await import(`${root}dist/index.js`)) as typeof import('../../src/index.js');
    const reporter = new builtLibrary.ProgressReporter({
        handleExit: false,
        intervalSecs: 0,
        total: 10,
        liveView: { port: 0 },
        log: { info: () => undefined, warning: () => undefined },
    });
    try {
        reporter.advance(3);
        const url = (await reporter.liveViewUrl()) ?? '';
        const served = await (await fetch(`${url}assets/render.js`)).text();
        expect(served).toBe(readFileSync(`${root}dist/page/render.js`, 'utf8'));

        const context = await browser.newContext();
        const { page, problems } = await openPage(context, url);
        await expect.poll(() => dataValue(page, 'done'), { timeout: 20_000 }).toBe('3');
        expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
        expect(await page.textContent('body')).toContain('3 of 10 items done (30%)');
        expect(problems).toEqual([]);
        await context.close();
    } finally {
        await reporter.closeLiveView();
    }
});
