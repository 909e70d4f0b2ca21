import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm test`: the library's suite and the emulator package's, as two projects of one run. The
 * library's tests import the emulator by its package name; here that name is its sources, so no
 * build is needed first (tsconfig.json's `paths` do the same for tsc and for tsx in child processes).
 */
const emulatorSource = fileURLToPath(new URL('./packages/emulator/src/index.ts', import.meta.url));

const shared = {
    resolve: { alias: { '@actor-progress/emulator': emulatorSource } },
};

export default defineConfig({
    test: {
        // Child-process and crawler tests spend most of their time waiting on I/O;
        // the machines have 2 cores, so keep the pool small and the timeouts generous.
        maxWorkers: 2,
        // `npm run coverage`: what the tests run in vitest's own processes (code run in the child
        // processes of exit-path and several-run tests is not counted, so the figures are a floor).
        // The thresholds are the level measured when they were set, so coverage can only go up:
        // 89.81% statements, 85.41% branches, 90.69% functions, 91.6% lines on 2026-12-07 (1,020
        // tests), rounded down a little for paths that only some runs take (a retry, a slow answer).
        // They were set higher on 2026-12-06 (90.23 / 85.62 / 92.1 / 92.11) and fell when the exit
        // sequence grew in src/lifecycle/ (signals, crashes, after-finish: code that runs only in the
        // exit-path tests' child processes, which this count does not see), not for lack of tests.
        // Raise them as tests are added; lower them only for that reason, and say so here.
        coverage: {
            provider: 'v8',
            include: ['src/**/*.ts', 'packages/emulator/src/**/*.ts'],
            reporter: ['text-summary', 'json-summary', 'html'],
            thresholds: { statements: 89.5, branches: 84.8, functions: 90.5, lines: 91.2 },
        },
        projects: [
            {
                ...shared,
                test: {
                    name: 'library',
                    include: ['test/**/*.test.ts'],
                    // Tests that need Chromium have their own command: npm run test:browser.
                    exclude: ['test/browser/**'],
                    testTimeout: 60_000,
                    hookTimeout: 30_000,
                },
            },
            {
                ...shared,
                test: {
                    name: 'emulator',
                    include: ['packages/emulator/test/**/*.test.ts'],
                    testTimeout: 60_000,
                    hookTimeout: 30_000,
                },
            },
        ],
    },
});
