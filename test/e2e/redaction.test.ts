/**
 * The API token never reaches the Console: every message sent (progress, migration notice, terminal,
 * the user's own exit message) goes through the same redaction as the log lines. On the wire, with
 * the real apify-client and SDK against the emulator.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { startFixture } from '../helpers/child-actor.js';
import { openEventStream } from '../helpers/sse.js';
import { expectOneTerminal } from '../helpers/terminal.js';

let emu: PlatformEmulator;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
});

afterEach(async () => {
    vi.unstubAllEnvs();
    await emu.close();
});

/** Every text the emulator was sent, and the run as the Console shows it. */
function everythingSent(): string {
    return JSON.stringify([emu.timeline.map((entry) => entry.body), emu.run.statusMessage]);
}

describe('the token in a message', () => {
    it('is replaced in progress, migration and terminal messages, and in what the reporter says it sent', async () => {
        for (const [name, value] of Object.entries(emu.env())) vi.stubEnv(name, value);
        const failedUrl = `https://api.apify.com/v2/key-value-stores/x/records/y?token=${emu.token}`;
        const reporter = new ProgressReporter({
            log: { info: () => undefined, warning: () => undefined },
            handleExit: false,
            persistStateKey: false,
            intervalSecs: 0,
            format: (s) => (s.status === 'aborted' ? `${s.reason}` : `${s.status} ${s.done} · last: ${failedUrl}`),
        });
        vi.unstubAllEnvs();
        reporter.advance();
        await reporter.flush();
        await reporter.markMigrating();
        expect(reporter.lastMessage).toBe(
            'migrating 1 · last: https://api.apify.com/v2/key-value-stores/x/records/y?token=***',
        );
        await expect(reporter.abort(new Error(`GET ${failedUrl} answered 403`))).resolves.toBe('delivered');

        expect(emu.statusMessages().map((m) => m.message)).toEqual([
            'running 1 · last: https://api.apify.com/v2/key-value-stores/x/records/y?token=***',
            'migrating 1 · last: https://api.apify.com/v2/key-value-stores/x/records/y?token=***',
            'Error: GET https://api.apify.com/v2/key-value-stores/x/records/y?token=*** answered 403',
        ]);
        expect(everythingSent()).not.toContain(emu.token);
    });

    it("is replaced in the user's own exit message: Actor.fail(message) in a real Actor", async () => {
        const message = `Could not read https://api.apify.com/v2/datasets/abc/items?token=${emu.token}`;
        const result = await startFixture(emu, 'actor-exit', ['fail', message]).exited;
        expect(result.code).toBe(1);
        expectOneTerminal(emu, /^Could not read https:\/\/api\.apify\.com\/v2\/datasets\/abc\/items\?token=\*\*\*$/);
        expect(everythingSent()).not.toContain(emu.token);
        expect(result.stdout + result.stderr).not.toContain(emu.token);
    });
});

describe('the token in what the run makes public', () => {
    it('never shows in the status message, the progress record, /progress.json or /events, however it came in', async () => {
        const env = {
            ...emu.env(),
            ACTOR_DEFAULT_KEY_VALUE_STORE_ID: emu.defaultRun.env().ACTOR_DEFAULT_KEY_VALUE_STORE_ID,
        };
        for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value ?? '');
        const token = emu.token;
        // The token 40 characters in: a reason cut at 60 characters keeps a piece of it.
        const upload = `https://x.io/records/out?token=${token}`;
        const reporter = new ProgressReporter({
            log: { info: () => undefined, warning: () => undefined },
            handleExit: false,
            persistStateKey: false,
            intervalSecs: 0,
            unit: 'files',
            total: 10,
            liveView: { port: 0, host: '127.0.0.1' },
        });
        vi.unstubAllEnvs();
        try {
            const url = await reporter.liveViewUrl();
            reporter.phase(`Uploading to ${upload}`);
            reporter.setUnit([`file at ${upload}`, `files at ${upload}`]);
            reporter.setCounts({ done: 3, failed: 1, failures: [{ reason: `PUT ${upload} answered 500`, count: 1 }] });
            reporter.fail(1, `${upload}`);
            await reporter.flush();
            const events = await openEventStream(`${url}events`);
            const liveDuringRun = await (await fetch(`${url}progress.json`)).text();
            await reporter.abort(new Error(`request to ${upload} failed`));
            await events.next(
                (event) => event.event === 'update' && JSON.stringify(event.data).includes('"terminal":true'),
            );
            const liveAtEnd = await (await fetch(`${url}progress.json`)).text();
            events.close();
            const storeId = env.ACTOR_DEFAULT_KEY_VALUE_STORE_ID ?? '';
            const record = JSON.stringify(emu.keyValueStore(storeId)?.getRecord('PROGRESS')?.value);

            // What each shows, so a failure names the place; a piece of the token counts too.
            const piece = token.slice(0, 8);
            const places = {
                'status messages': everythingSent(),
                'the progress record': record,
                '/progress.json during the run': liveDuringRun,
                '/progress.json at the end': liveAtEnd,
                '/events': JSON.stringify(events.events),
            };
            for (const [place, text] of Object.entries(places)) {
                expect(text, place).not.toContain(piece);
            }
            // And what was there still shows, with the token replaced.
            expect(record).toContain('Uploading to https://x.io/records/out?token=***');
            expect(liveAtEnd).toContain('PUT https://x.io/records/out?token=*** answered 500');
            expect(emu.run.statusMessage).toContain('request to https://x.io/records/out?token=*** failed');
        } finally {
            await reporter.closeLiveView();
        }
    });
});
