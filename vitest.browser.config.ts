import { defineConfig } from 'vitest/config';

/**
 * The browser suite (`npm run test:browser`): tests that need Chromium, run apart from `npm test`
 * so that a machine without a browser still runs everything else. Chromium is Debian's
 * (`/usr/bin/chromium`, or CHROMIUM_PATH); `.ci/run` installs it when it is missing.
 */
export default defineConfig({
    test: {
        include: ['test/browser/**/*.test.ts'],
        // A browser per worker is heavy on 2 cores: one file at a time.
        maxWorkers: 1,
        testTimeout: 90_000,
        hookTimeout: 60_000,
    },
});
