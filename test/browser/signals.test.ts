/**
 * Ctrl+C and SIGTERM in the middle of a browser crawl, in real child processes running Playwright
 * and Puppeteer with their default signal handling, against the emulator:
 *
 * - SIGINT: both libraries close their browsers and call `process.exit(130)`; the reporter stands
 *   aside (they decide) and its exit hook sends "Aborted ... interrupted by SIGINT" as the process exits.
 * - SIGTERM: both libraries only close their browsers (Crawlee would launch new ones and crawl on);
 *   the reporter stops the crawl, sends "Aborted ... received SIGTERM" at once, and the process ends
 *   as the signal ends it (143 in a shell).
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { startFixture } from '../helpers/child-actor.js';
import { assertChromium } from '../helpers/chromium.js';
import { expectOneTerminal, expectOneTerminalMessage } from '../helpers/terminal.js';

let site: Site;
let emulator: PlatformEmulator;

beforeAll(async () => {
    assertChromium();
    // Slow enough that the crawl is far from over when the signal comes.
    site = await startSite({ pages: 40, slowFraction: 0.5, slowDelayMs: 300, failingFraction: 0, missingLinks: 0 });
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

const PROGRESS = '\\d+ of (?:at least )?\\d+ pages? done(?: · \\d+ items?)?(?: · \\d+ failed(?: \\([^()]+\\))?)?';

for (const library of ['playwright', 'puppeteer'] as const) {
    describe(`${library}, a signal mid-crawl`, () => {
        it("Ctrl+C (SIGINT): one terminal message, Aborted, interrupted by SIGINT; exit code 130 (or the Actor's own 0)", async () => {
            const actor = startFixture(emulator, 'browser-crawl', [library, site.startUrl]);
            await actor.ready;
            actor.child.kill('SIGINT');
            const result = await actor.exited;
            // Puppeteer exits inside its signal handler. Playwright first closes its browsers, while
            // Crawlee's own SIGINT handler stops the crawl: the Actor's Actor.exit() can come first
            // (code 0, its terminal message in flight when Playwright exits: sent again, same text).
            expect(library === 'puppeteer' ? [130] : [130, 0], result.stderr).toContain(result.code);
            expectOneTerminalMessage(emulator, new RegExp(`^Aborted: ${PROGRESS} · interrupted by SIGINT$`));
        });

        it('SIGTERM: Aborted at once, received SIGTERM, instead of crawling on; the process ends as SIGTERM ends it', async () => {
            const actor = startFixture(emulator, 'browser-crawl', [library, site.startUrl]);
            await actor.ready;
            actor.child.kill('SIGTERM');
            const result = await actor.exited;
            expect(result.stdout).not.toContain('CRAWL ENDED');
            // Raised again once the crawl has stopped, when the libraries' listeners are gone with their
            // browsers (the process dies of it); 143 when one is left to swallow it. A shell shows 143.
            expect(result.signal === 'SIGTERM' || result.code === 143, result.stderr).toBe(true);
            expectOneTerminal(emulator, new RegExp(`^Aborted: ${PROGRESS} · received SIGTERM$`));
        });
    });
}
