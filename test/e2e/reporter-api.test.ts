/**
 * The real ProgressReporter, the real apify-client and the platform emulator over real HTTP:
 * what the Console would show, checked on the wire.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressReporterOptions } from '../../src/options/options.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let emu: PlatformEmulator;
let warnings: string[];

const log = {
    info: () => undefined,
    warning: (message: string) => warnings.push(message),
};

/** A reporter that finds the run the way it would on the platform: through the environment. */
function reporterOnTheWire(options: ProgressReporterOptions = {}): ProgressReporter {
    for (const [name, value] of Object.entries(emu.env())) vi.stubEnv(name, value);
    const reporter = new ProgressReporter({ log, unit: 'pages', ...options });
    vi.unstubAllEnvs();
    return reporter;
}

const puts = () => emu.timeline.filter((entry) => entry.method === 'PUT');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first number in a message: the pages done it reports. */
const doneIn = (message: string) => Number(message.replace(/,/g, '').match(/\d+/)?.[0]);

beforeEach(async () => {
    emu = await PlatformEmulator.start();
    warnings = [];
});

afterEach(async () => {
    await emu.close();
});

describe('on the wire', () => {
    it('sends one PUT per message and nothing else, ending with a terminal "<done> of <total>"', async () => {
        const reporter = reporterOnTheWire({ total: 30, intervalSecs: 0.05 });
        expect(reporter.transportName).toBe('Apify API');
        for (let i = 0; i < 30; i++) {
            reporter.advance();
            await sleep(5);
        }
        await reporter.flush();
        await expect(reporter.finish()).resolves.toBe('delivered');

        expect(emu.timeline.every((entry) => entry.method === 'PUT' && entry.status === 200)).toBe(true);
        expect(emu.run.statusMessage).toMatch(/^Finished: 30 of 30 pages done · in \d+ s$/);
        expect(emu.run.isStatusMessageTerminal).toBe(true);
        expect(emu.statusMessages()[0]?.message).toBe('1 of 30 pages done (3%)');
    });

    it('throttles and de-duplicates: calls stay within ceil(T / interval) + 2 and no text repeats', async () => {
        const intervalSecs = 0.25;
        const reporter = reporterOnTheWire({ total: 2_000, intervalSecs });
        const startedAt = Date.now();
        for (let i = 0; i < 100; i++) {
            reporter.advance(20);
            reporter.snapshot(); // reading a snapshot sends nothing
            await sleep(10);
        }
        await reporter.flush();
        // The same counts again: nothing new to say, so nothing is sent.
        reporter.advance(0);
        await reporter.flush();
        await reporter.finish();
        const seconds = (Date.now() - startedAt) / 1000;

        const messages = emu.statusMessages().map((record) => record.message);
        expect(puts().length).toBeLessThanOrEqual(Math.ceil(seconds / intervalSecs) + 2);
        expect(puts().length).toBeLessThan(100 / 2); // far fewer calls than updates
        for (let i = 1; i < messages.length; i++) expect(messages[i]).not.toBe(messages[i - 1]);
        expect(messages.at(-2)).toMatch(/^2,000 of 2,000 pages done \(100%\)/);
    });

    it('keeps messages in order under random latency', async () => {
        // Each PUT is delayed by 0-120 ms, at random: a client with several calls in flight would
        // have them land out of order.
        for (let i = 0; i < 200; i++) emu.fault({ match: 'put', delayMs: Math.floor(Math.random() * 120), times: 1 });
        const reporter = reporterOnTheWire({ total: 400, intervalSecs: 0 });
        // ~5 s: the Apify API transport sends about one call a second whatever intervalSecs says.
        for (let i = 0; i < 40; i++) {
            reporter.advance(10);
            await sleep(100 + Math.random() * 40);
        }
        await reporter.flush();
        await reporter.finish();

        const shown = emu.statusMessages();
        const counts = shown.slice(0, -1).map((record) => doneIn(record.message));
        expect(counts.length).toBeGreaterThan(3);
        expect(counts).toEqual([...counts].sort((a, b) => a - b));
        expect(shown.at(-1)).toMatchObject({ message: expect.stringMatching(/^Finished: 400 of 400/), terminal: true });
    });

    it('sends nothing after the terminal message', async () => {
        const reporter = reporterOnTheWire({ total: 10, intervalSecs: 0 });
        reporter.advance(5);
        await reporter.flush();
        await reporter.finish();
        // From here on every timer is the test's to see: a message sent later would need one (its
        // throttle slot, a retry, or the request's own timeout), so none pending means none will come.
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
        try {
            reporter.advance(5);
            await reporter.flush();
            await expect(reporter.abort('too late')).resolves.toBe('already-sent');
            expect(vi.getTimerCount()).toBe(0);
        } finally {
            vi.useRealTimers();
        }
        expect(emu.timeline.filter((entry) => entry.afterTerminal)).toEqual([]);
        expect(emu.statusMessages().map((record) => record.terminal)).toEqual([false, true]);
        expect(emu.run.statusMessage).toMatch(/^Finished: 5 of 10 pages done/);
    });
});

describe('a failing API', () => {
    it('answers 429 and 5xx with bounded retries of its own, and the message still lands', async () => {
        emu.fault({ match: 'non-terminal', status: 429, times: 1 });
        emu.fault({ match: 'non-terminal', status: 503, times: 1 });
        emu.fault({ match: 'terminal', status: 500, times: 2 });
        const reporter = reporterOnTheWire({ total: 3, intervalSecs: 0 });
        reporter.advance();
        await reporter.flush();
        await expect(reporter.finish()).resolves.toBe('delivered');

        expect(puts().map((entry) => [entry.status, entry.attempt])).toEqual([
            [429, 1],
            [503, 2],
            [200, 3],
            [500, 1],
            [500, 2],
            [200, 3],
        ]);
        expect(emu.run).toMatchObject({
            statusMessage: expect.stringMatching(/^Finished: 1 of 3 pages done · in \d+ s$/),
            isStatusMessageTerminal: true,
        });
        expect(warnings).toHaveLength(3); // one per kind: progress 429, progress 503, terminal 500
    });

    it("gives up on a progress message after maxAttempts, not after apify-client's minutes of retries", async () => {
        emu.fault({ match: 'non-terminal', status: 500 });
        const reporter = reporterOnTheWire({ intervalSecs: 0, maxAttempts: 3 });
        reporter.advance();
        await reporter.flush();
        expect(puts()).toHaveLength(3);
        expect(warnings).toEqual([
            expect.stringMatching(/attempt 1\).*API answered 500.*retrying\. The Actor carries on\./),
        ]);
    });

    it('does not hold the Actor when the API hangs: finish() gives up at its deadline', async () => {
        emu.fault({ match: 'put', hang: true });
        const reporter = reporterOnTheWire({ intervalSecs: 0, requestTimeoutSecs: 0.3, terminalDeadlineSecs: 1 });
        reporter.advance();
        await reporter.flush();
        await expect(reporter.finish()).resolves.toBe('failed');
        expect(emu.run.isStatusMessageTerminal).toBe(false);
        expect(warnings.some((warning) => warning.includes('timed out') || warning.includes('no answer'))).toBe(true);
    });

    it('lands the terminal message once a refused connection is accepted again', async () => {
        const reporter = reporterOnTheWire({ intervalSecs: 0, terminalDeadlineSecs: 5 });
        reporter.advance();
        await reporter.flush();
        await emu.refuseConnections(true);
        const outcome = reporter.finish();
        await sleep(600);
        await emu.refuseConnections(false);
        await expect(outcome).resolves.toBe('delivered');
        expect(emu.run).toMatchObject({ statusMessage: expect.stringMatching(/^Finished: 1 of 1 page done/) });
        expect(warnings.join('\n')).toMatch(/ECONNREFUSED|ECONNRESET/);
    });

    it('never writes the token to the log', async () => {
        const reporter = reporterOnTheWire({ intervalSecs: 0, requestTimeoutSecs: 0.2, terminalDeadlineSecs: 0.5 });
        emu.fault({ match: 'non-terminal', status: 500, times: 1 });
        emu.fault({ match: 'terminal', hang: true });
        reporter.advance();
        await reporter.flush();
        await reporter.finish();
        expect(warnings.length).toBeGreaterThan(0);
        expect(warnings.join('\n')).not.toContain(emu.token);
    });

    it('stops at once on a wrong token and says so, without the token', async () => {
        vi.stubEnv('APIFY_TOKEN', 'wrong-token-value');
        for (const [name, value] of Object.entries(emu.env())) if (name !== 'APIFY_TOKEN') vi.stubEnv(name, value);
        const reporter = new ProgressReporter({ log, intervalSecs: 0 });
        vi.unstubAllEnvs();
        reporter.advance();
        await reporter.flush();
        await expect(reporter.finish()).resolves.toBe('failed');
        // Refused once: nothing more is sent, the terminal message included.
        expect(puts().map((entry) => entry.status)).toEqual([401]);
        expect(warnings.join('\n')).toContain('401');
        expect(warnings.join('\n')).not.toContain('wrong-token-value');
    });

    for (const status of [401, 403, 404] as const) {
        it(`an API that refuses the run (${status}): one PUT, said once, then no call for the rest of the run`, async () => {
            emu.fault({ match: 'put', status });
            const reporter = reporterOnTheWire({ total: 10, intervalSecs: 0.05 });
            for (let i = 0; i < 10; i++) {
                reporter.advance();
                await sleep(60); // a new message due at every interval
            }
            await reporter.flush();
            await expect(reporter.finish()).resolves.toBe('failed');
            expect(puts().map((entry) => entry.status)).toEqual([status]);
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toMatch(
                new RegExp(
                    `^Apify API refused a status message: API answered ${status}.*no more status messages are sent this run`,
                ),
            );
        });
    }
});
