/**
 * Ctrl+C in the middle of a browser crawl whose site never fails, in real child processes running
 * Playwright and Puppeteer with their default signal handling, against the emulator. Crawlee pauses
 * and the library closes its browsers: the pages in flight then throw ("Target page, context or
 * browser has been closed", "net::ERR_ABORTED"), and with no retry left Crawlee marks them failed.
 * Those requests were cut off by the stop, not failed by the site: the terminal message counts no
 * failure.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { startFixture } from '../helpers/child-actor.js';
import { assertChromium } from '../helpers/chromium.js';
import { expectOneTerminalMessage } from '../helpers/terminal.js';

let site: Site;
let emulator: PlatformEmulator;

beforeAll(async () => {
    assertChromium();
    // Every page slow: when the signal comes, pages are in flight in both browser tabs.
    site = await startSite({ pages: 40, slowFraction: 1, slowDelayMs: 1_500, failingFraction: 0, missingLinks: 0 });
});
afterAll(async () => {
    await site?.close();
});
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    await emulator.close();
});

for (const library of ['playwright', 'puppeteer'] as const) {
    describe(`${library}, Ctrl+C with pages in flight`, () => {
        it('counts the pages cut off by the stop as left, not as failed', async () => {
            const actor = startFixture(emulator, 'browser-crawl', [library, site.startUrl]);
            await actor.ready;
            // Mid-navigation: a slow page takes 1.5 s, so both tabs are waiting on one now.
            await new Promise((resolve) => setTimeout(resolve, 700));
            actor.child.kill('SIGINT');
            const result = await actor.exited;
            expect([130, 0], result.stderr).toContain(result.code);
            // Before: "Aborted: 2 of at least 9 pages done · 1 failed (TargetClosedError in the handler) · ..."
            // or "... · 2 failed (network error: ERR_ABORTED) · ...", on a site where no page fails.
            expectOneTerminalMessage(
                emulator,
                /^Aborted: \d+ of (?:at least )?\d+ pages? done · interrupted by SIGINT$/,
            );
            for (const record of emulator.statusMessages()) expect(record.message).not.toContain('failed');
        });
    });
}
