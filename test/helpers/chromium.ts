import { existsSync } from 'node:fs';

/** Debian's Chromium; no browser can be downloaded on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for headless Chromium here: no sandbox as root, and nothing that reaches for the network
 * (the machines have none, and Chromium would otherwise try many connections at every start).
 */
export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

/** Fails the suite at once with the fix when Chromium is missing, rather than with a launch error. */
export function assertChromium(): void {
    if (!existsSync(CHROMIUM_PATH)) {
        throw new Error(
            `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`,
        );
    }
}
