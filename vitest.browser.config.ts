import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The browser suite (`npm run test:browser`): tests that need Chromium, run apart from `npm test`
 * so that a machine without a browser still runs everything else. Chromium is Debian's
 * (`/usr/bin/chromium`, or CHROMIUM_PATH); `.ci/run` installs it when it is missing.
 */
export default defineConfig({
    // The emulator by its package name is its sources, as in vitest.config.ts: no build needed first.
    resolve: {
        alias: {
            '@actor-progress/emulator': fileURLToPath(new URL('./packages/emulator/src/index.ts', import.meta.url)),
        },
    },
    test: {
        include: ['test/browser/**/*.test.ts'],
        // A browser per worker is heavy on 2 cores: one file at a time.
        maxWorkers: 1,
        testTimeout: 90_000,
        hookTimeout: 60_000,
    },
});
