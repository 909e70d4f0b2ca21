/**
 * The API token never reaches the Console: every message sent (progress, migration notice, terminal,
 * the user's own exit message) goes through the same redaction as the log lines. On the wire, with
 * the real apify-client and SDK against the emulator.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { PlatformEmulator } from '../../src/testing/index.js';
import { startFixture } from '../helpers/child-actor.js';
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
