import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // Tests that need Chromium have their own command: npm run test:browser.
        exclude: ['test/browser/**'],
        // Child-process and crawler tests spend most of their time waiting on I/O;
        // the machines have 2 cores, so keep the pool small and the timeouts generous.
        maxWorkers: 2,
        testTimeout: 60_000,
        hookTimeout: 30_000,
    },
});
