/**
 * Which signal listeners only close browsers. The matcher, on functions shaped like Playwright's and
 * Puppeteer's; the browser suite (test/browser/signals.test.ts) runs the libraries' real ones.
 */
import { describe, expect, it } from 'vitest';
import { isBrowserCleanupListener } from '../../src/lifecycle/browser-listeners.js';

declare function gracefullyCloseAll(): Promise<void>;
declare const processListeners: Map<string, ((...args: unknown[]) => void)[]>;

// What playwright-core's process launcher installs (its source, as the bundle has it).
function sigtermHandler() {
    void gracefullyCloseAll();
}
function sighupHandler() {
    void gracefullyCloseAll();
}
// What @puppeteer/browsers installs: one dispatcher per signal, named after it.
const dispatchers = {
    SIGTERM: (...args: unknown[]) => {
        for (const handler of processListeners.get('SIGTERM') ?? []) handler(...args);
    },
};

describe('browser cleanup listeners', () => {
    it("recognises Playwright's and Puppeteer's SIGTERM / SIGHUP listeners", () => {
        expect(isBrowserCleanupListener('SIGTERM', sigtermHandler)).toBe(true);
        expect(isBrowserCleanupListener('SIGHUP', sighupHandler)).toBe(true);
        expect(isBrowserCleanupListener('SIGTERM', dispatchers.SIGTERM)).toBe(true);
    });

    it('never a SIGINT listener (both libraries exit with 130 there: they decide), nor anyone else', () => {
        expect(isBrowserCleanupListener('SIGINT', sigtermHandler)).toBe(false);
        expect(isBrowserCleanupListener('SIGINT', dispatchers.SIGTERM)).toBe(false);
        expect(isBrowserCleanupListener('SIGTERM', sighupHandler)).toBe(false);
        expect(isBrowserCleanupListener('SIGTERM', () => process.exit(0))).toBe(false);
        expect(isBrowserCleanupListener('SIGTERM', function sigtermHandler() {})).toBe(false);
    });
});
