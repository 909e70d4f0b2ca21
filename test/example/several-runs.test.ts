import { PlatformEmulator, type RunProcess } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSeveralRuns } from '../../examples/demo/several-runs.js';
import { type Site, startSite } from '../../examples/site/index.js';

// `npm run demo -- --runs 3` when the parent does not end in time (a worker killed mid-crawl leaves its
// requests locked for 105 s): the Consoles as they stood and one clear line, never a thrown error.
let emulator: PlatformEmulator | undefined;
let site: Site | undefined;

afterEach(async () => {
    await emulator?.close();
    await site?.close();
});

/** A parent run that says where it stands once and never ends: the one a killed worker holds up. */
function stuckParent(client: () => ApifyClient | undefined) {
    return (run: { id: string }): RunProcess => {
        let exit: (value: { code: number | null; signal: NodeJS.Signals | null }) => void = () => {};
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
            exit = resolve;
        });
        void client()
            ?.run(run.id)
            .update({ statusMessage: '2 of 3 runs finished · 257 of at least 302 pages · 1 run failed' });
        return { exited, kill: (signal) => exit({ code: null, signal }) };
    };
}

describe('the several-runs demo', () => {
    it('says in one line that the parent did not end in time, after each Console as it stood', async () => {
        site = await startSite({ pages: 5 });
        let client: ApifyClient | undefined;
        emulator = await PlatformEmulator.start({ startRun: stuckParent(() => client) });
        client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token, maxRetries: 0 });
        const printed: string[] = [];
        const errors: string[] = [];
        const ok = await demoSeveralRuns(emulator, site, 3, {
            timeoutMs: 1_500,
            print: (text) => printed.push(text),
            printError: (text) => errors.push(text),
        });
        expect(ok).toBe(false);
        const output = printed.join('\n');
        expect(output).toMatch(
            /parent \(run \w+, RUNNING\), as its Console showed it:\n\s*\+\d+\.\ds {2}2 of 3 runs finished · 257 of at least 302 pages · 1 run failed\n/,
        );
        expect(errors[0]).toBe(
            '\nThe parent run did not end within 2 s (status RUNNING): each Console above is where its run stood then. A worker killed mid-crawl holds its requests until their locks run out (105 s after it took them).',
        );
    });
});
