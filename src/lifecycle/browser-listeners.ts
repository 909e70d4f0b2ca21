/**
 * Playwright and Puppeteer listen to SIGTERM and SIGHUP (`handleSIGTERM`, `handleSIGHUP`, on by
 * default) only to close their browsers: nothing else happens, the process goes on, and a Crawlee
 * crawler launches new browsers and keeps crawling. Such a listener cleans up; it does not decide
 * what the signal means, so it must not make the reporter stand aside (their SIGINT handlers do
 * decide, they exit with code 130, and are not matched here).
 *
 * They are recognised by their code, since neither library exports them:
 * - Playwright (playwright-core's process launcher): `function sigtermHandler() { gracefullyCloseAll(); }`
 *   (`sighupHandler` the same).
 * - Puppeteer (@puppeteer/browsers' launcher): one dispatcher per signal, an arrow function named after
 *   the signal, that runs the handlers in its `processListeners` map.
 * The browser suite runs both libraries, so a version that changes them fails a test there.
 */
export function isBrowserCleanupListener(signal: string, listener: unknown): boolean {
    if (signal !== 'SIGTERM' && signal !== 'SIGHUP') return false;
    if (typeof listener !== 'function') return false;
    const name = listener.name;
    let source: string;
    try {
        source = Function.prototype.toString.call(listener);
    } catch {
        return false;
    }
    const playwright = name === `${signal.toLowerCase()}Handler` && source.includes('gracefullyCloseAll');
    const puppeteer = name === signal && source.includes('processListeners');
    return playwright || puppeteer;
}
