import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import { ProgressReporter } from '../../src/index.js';

// The two examples packages/emulator/README.md leads with, run as written there: a ProgressReporter
// pointed at the emulator through the environment, and an Actor run as a platform run (here the
// example Actor from its sources, where the README starts a compiled dist/main.js).
const root = fileURLToPath(new URL('../..', import.meta.url));
let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 10, slowFraction: 0, failingFraction: 0, missingLinks: 0 });
});

afterAll(async () => {
    await site?.close();
});

describe("the emulator README's examples", () => {
    it('a ProgressReporter pointed at it through the environment: its terminal message with the counts', async () => {
        const emu = await PlatformEmulator.start();
        const saved = { ...process.env };
        Object.assign(process.env, emu.env());
        try {
            const reporter = new ProgressReporter({ unit: 'products', total: 3 });
            reporter.advance(2);
            reporter.fail(1);
            await reporter.finish();
            expect(emu.statusMessages().at(-1)).toMatchObject({
                message: expect.stringMatching(/^Finished: 2 of 3 products done · 1 failed/),
                terminal: true,
            });
            expect(emu.formatTimeline()).toMatch(
                /^\+\d+\.\ds {2}\[terminal\] Finished: 2 of 3 products done · 1 failed · in 0 s$/m,
            );
        } finally {
            process.env = saved;
            await emu.close();
        }
    });

    it('an Actor run as a platform run: SUCCEEDED, a terminal "Finished", its items in its dataset', async () => {
        const emu = await PlatformEmulator.start({
            startRun: (run) =>
                spawn(process.execPath, ['--import', 'tsx', 'examples/crawler-actor/main.ts'], {
                    cwd: root,
                    env: { ...process.env, ...run.env() },
                    stdio: 'pipe',
                }),
        });
        try {
            const client = new ApifyClient({ baseUrl: emu.url, token: emu.token });
            // log: null keeps the run's log (apify-client echoes it by default) out of the test report.
            const finished = await client
                .actor('my-actor')
                .call({ startUrls: [{ url: site.startUrl }] }, { log: null });
            const run = emu.getRun(finished.id);
            expect(finished.status, run?.log()).toBe('SUCCEEDED');
            expect(run?.statusMessages().at(-1)).toMatchObject({
                terminal: true,
                message: expect.stringMatching(/^Finished: /),
            });
            const items = await client.dataset(finished.defaultDatasetId).listItems();
            expect(items.count).toBe(site.reachable);
        } finally {
            await emu.close();
        }
    });
});
