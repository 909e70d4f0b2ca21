import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { DeliveryError, type Transport } from '../../src/delivery/transport.js';
import type { ProgressReporterOptions } from '../../src/options/options.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

/** A log that keeps its lines, to assert what an author would read. */
function recordingLog() {
    const lines: { level: 'info' | 'warning'; message: string }[] = [];
    return {
        lines,
        info: (message: string) => lines.push({ level: 'info', message }),
        warning: (message: string) => lines.push({ level: 'warning', message }),
        warnings: () => lines.filter((line) => line.level === 'warning').map((line) => line.message),
    };
}

const clock = { now: () => Date.now() };

/** Waits for `promise` while moving the fake clock on, as the real one would. */
async function whileTimePasses<T>(promise: Promise<T>, stepMs = 100): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
        settled = true;
    });
    while (!settled) await vi.advanceTimersByTimeAsync(stepMs);
    return watched;
}
let transport: RecordingTransport;
let log: ReturnType<typeof recordingLog>;

function reporter(options: ProgressReporterOptions = {}): ProgressReporter {
    return new ProgressReporter({
        transport,
        log,
        clock,
        intervalSecs: 5,
        unit: 'pages',
        handleExit: false,
        ...options,
    });
}

beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    transport = new RecordingTransport(() => Date.now());
    log = recordingLog();
});

afterEach(() => {
    vi.useRealTimers();
});

describe('manual counting', () => {
    it('reports progress and ends with "<done> of <total>"', async () => {
        const r = reporter({ total: 60 });
        r.advance();
        await vi.advanceTimersByTimeAsync(0);
        for (let i = 0; i < 59; i++) {
            r.advance();
            await vi.advanceTimersByTimeAsync(500);
        }
        await whileTimePasses(r.flush());
        await expect(r.finish()).resolves.toBe('delivered');
        expect(transport.messages[0]).toBe('1 of 60 pages done (1%)');
        expect(transport.messages.at(-2)).toMatch(/^60 of 60 pages done \(100%\)/);
        expect(transport.messages.at(-1)).toBe('Finished: 60 of 60 pages done · in 30 s');
        expect(transport.updates.at(-1)?.isStatusMessageTerminal).toBe(true);
    });

    it('shows the smoothed rate and the time left once the run has gone on for a while', async () => {
        const r = reporter({ total: 1_000 });
        for (let second = 1; second <= 30; second++) {
            r.advance(10);
            await vi.advanceTimersByTimeAsync(1_000);
        }
        await vi.advanceTimersByTimeAsync(5_000);
        expect(transport.messages.at(-1)).toBe('300 of 1,000 pages done (30%) · 600/min · about 1 min left');
    });

    it('counts failures and retries', async () => {
        const r = reporter({ total: 10 });
        r.advance(4);
        r.fail(2);
        r.retry(3);
        expect(r.snapshot()).toMatchObject({ done: 4, failed: 2, retried: 3, total: 10 });
        await r.flush();
        expect(transport.messages).toEqual(['4 of 10 pages done (60%) · 2 failed']);
    });

    it('asks a total function again before every message', async () => {
        let found = 10;
        const r = reporter({ total: () => found });
        r.advance();
        await r.flush();
        found = 20;
        r.advance();
        await vi.advanceTimersByTimeAsync(5_000);
        // Two pages in 5 s give a rate, but too few for a forecast of the time left.
        expect(transport.messages).toEqual(['1 of 10 pages done (10%)', '2 of 20 pages done (10%) · 24/min']);
    });

    it('reads "of at least" for a total that may still grow', async () => {
        const r = reporter();
        r.setTotal(50, { estimate: true });
        r.advance(5);
        await r.flush();
        expect(transport.messages).toEqual(['5 of at least 50 pages done']);
    });

    it("uses the author's format function for every message, terminal included", async () => {
        const r = reporter({ format: (s) => `${s.status}: ${s.done}/${s.total ?? '?'}` });
        r.advance(2);
        await r.flush();
        await r.finish();
        expect(transport.messages).toEqual(['running: 2/?', 'finished: 2/?']);
    });

    it("sends the author's own terminal message as given", async () => {
        const r = reporter();
        await r.finish('All 3 reports are ready');
        expect(transport.updates).toMatchObject([
            { statusMessage: 'All 3 reports are ready', isStatusMessageTerminal: true },
        ]);
    });

    it('ends with the aborted wording and the reason', async () => {
        const r = reporter({ total: 8 });
        r.advance(3);
        await r.abort(new Error('the input changed'));
        expect(transport.messages.at(-1)).toBe('Aborted: 3 of 8 pages done · Error: the input changed');
    });

    it('sends nothing after the terminal message, and only the first end counts', async () => {
        const r = reporter({ total: 8 });
        await r.finish();
        r.advance(3);
        await expect(r.abort('late')).resolves.toBe('already-sent');
        await vi.advanceTimersByTimeAsync(60_000);
        expect(transport.messages).toEqual(['Finished: 0 of 8 pages done · in 0 s']);
        expect(r.ended).toBe(true);
    });
});

describe('count sources', () => {
    it('are read when a message is made, not when they touch the reporter', async () => {
        const r = reporter({ intervalSecs: 5 });
        let done = 0;
        let reads = 0;
        r.addCountSource(() => {
            reads++;
            r.setCounts({ done });
            r.setTotal(2_000, { estimate: true });
        });
        for (let i = 0; i < 1_000; i++) {
            done++;
            r.touch();
        }
        expect(reads).toBe(0);
        await vi.advanceTimersByTimeAsync(0);
        expect(transport.messages).toEqual(['1,000 of at least 2,000 pages done']);
        expect(reads).toBe(1);
    });

    it('make snapshots current and can be removed', () => {
        const r = reporter();
        let done = 3;
        const remove = r.addCountSource(() => r.setCounts({ done }));
        expect(r.snapshot().done).toBe(3);
        remove();
        done = 7;
        expect(r.snapshot().done).toBe(3);
    });
});

describe('names with control characters', () => {
    it('are cleaned where they enter: no "Step two :" from a name ending in one', async () => {
        const r = reporter({ phases: ['Listing', 'Step two\u0007'] });
        r.phase('Step two\u0007\n', { unit: 'products\u0000' });
        r.advance(3);
        await r.flush();
        r.setUnit(['\tentry', 'entries\r\n']);
        r.phase('Step\u001b two');
        await r.abort('stopped\nby hand');
        expect(transport.messages).toEqual([
            'Step 2 of 2 · Step two: 3 products done',
            'Aborted at step 2 of 2: Step two 3 of 3 entries · stopped by hand',
        ]);
        expect(log.warnings()).toEqual([]);
    });

    it('are refused when nothing is left of them', () => {
        const r = reporter();
        r.phase('\u0007\u0007');
        r.setUnit('\u0000');
        expect(log.warnings()).toEqual([
            'Ignored phase("\\u0007\\u0007"): name must be a non-empty string.',
            'Ignored setUnit("\\u0000"): unit must be a non-empty string or a [singular, plural] pair of strings.',
        ]);
    });
});

describe('a count source that throws', () => {
    it('costs one warning and never a message: the others still count, the run still ends', async () => {
        const r = reporter({ total: 10 });
        let ready = false;
        let reads = 0;
        r.addCountSource(() => {
            reads++;
            if (!ready) throw new Error('queue not open yet');
            r.setCounts({ failed: 1 });
        });
        r.advance(3);
        await r.flush();
        r.advance();
        await vi.advanceTimersByTimeAsync(5_000);
        expect(r.snapshot()).toMatchObject({ done: 4, failed: 0 });
        ready = true;
        await expect(r.finish()).resolves.toBe('delivered');
        expect(reads).toBeGreaterThan(2);
        expect(transport.messages).toEqual([
            '3 of 10 pages done (30%)',
            '4 of 10 pages done (40%) · 48/min',
            'Finished: 4 of 10 pages done · 1 failed · in 5 s',
        ]);
        expect(log.warnings()).toEqual([
            'A count source threw (Error: queue not open yet); its counts are left as they were until it works.',
        ]);
    });
});

describe('counts that make no sense never throw into the Actor', () => {
    it('ignores negative, fractional-infinite and non-numeric counts, warning once per method', async () => {
        const r = reporter({ total: 10 });
        r.advance(-1);
        r.advance(Number.NaN);
        r.advance('3' as never);
        r.fail(Number.POSITIVE_INFINITY);
        r.setTotal(-5);
        r.setCounts({ done: -2 });
        expect(r.snapshot()).toMatchObject({ done: 0, failed: 0, total: 10 });
        expect(log.warnings()).toEqual([
            'Ignored advance(-1): n must be a whole number >= 0.',
            'Ignored fail(Infinity): n must be a whole number >= 0.',
            'Ignored setTotal(-5): total must be a whole number >= 0.',
            'Ignored setCounts({"done":-2}): counts.done must be a whole number >= 0.',
        ]);
    });

    it('shows the count as the total when more was counted than announced, and says so once', async () => {
        const r = reporter({ total: 5 });
        r.advance(7);
        r.snapshot();
        await r.flush();
        expect(transport.messages).toEqual(['7 of 7 pages done (100%)']);
        expect(log.warnings()).toEqual(['Counted 7 but the total is 5: showing the count as the total.']);
    });

    it('falls back to the built-in wording, with one warning, when the format function returns blank text', async () => {
        let text = '';
        const r = reporter({ total: 4, format: () => text });
        r.advance();
        await r.flush();
        text = ' \n\t\u0007 ';
        r.advance();
        await vi.advanceTimersByTimeAsync(5_000);
        await r.finish();
        // An empty terminal message would leave the Console blank at the end of the run.
        expect(transport.updates.map((u) => [u.statusMessage, u.isStatusMessageTerminal])).toEqual([
            ['1 of 4 pages done (25%)', false],
            ['2 of 4 pages done (50%) · 24/min', false],
            ['Finished: 2 of 4 pages done · in 5 s', true],
        ]);
        expect(log.warnings()).toEqual(['The `format` option returned blank text; using the built-in wording.']);
    });

    it('falls back to the built-in wording, naming what came back, when the format function returns no string', async () => {
        const r = reporter({ format: () => 5 as never });
        r.advance();
        await r.flush();
        expect(transport.messages).toEqual(['1 page done']);
        expect(log.warnings()).toEqual(['The `format` option returned 5, not a string; using the built-in wording.']);
    });

    it('treats the total as unknown, naming what came back, when the total function returns no count', async () => {
        const r = reporter({ total: () => ({ pages: 10 }) as never });
        r.advance();
        await r.flush();
        expect(transport.messages).toEqual(['1 page done']);
        expect(log.warnings()).toEqual(['The `total` function returned {"pages":10}; treating the total as unknown.']);
    });

    it('falls back to the built-in wording when the format function throws', async () => {
        const r = reporter({
            format: () => {
                throw new Error('oops');
            },
        });
        r.advance();
        await r.flush();
        expect(transport.messages).toEqual(['1 page done']);
        expect(log.warnings()).toEqual(['The `format` option threw (Error: oops); using the built-in wording.']);
    });
});

describe('failures to post', () => {
    it('never reach the Actor and are logged once per kind, without the token', async () => {
        const token = 'apify_api_SECRET_TOKEN_123';
        vi.stubEnv('APIFY_TOKEN', token);
        const failing: Transport = {
            name: 'Apify API',
            send: async () => {
                throw new DeliveryError(`API answered 500 for https://api.apify.com/?token=${token}`, {
                    retryable: true,
                    statusCode: 500,
                    kind: 'http-500',
                });
            },
        };
        const r = new ProgressReporter({ transport: failing, log, clock, intervalSecs: 1, maxAttempts: 2 });
        for (let i = 0; i < 20; i++) {
            r.advance();
            await vi.advanceTimersByTimeAsync(1_000);
        }
        await expect(whileTimePasses(r.finish())).resolves.toBe('failed');
        vi.unstubAllEnvs();
        const warnings = log.warnings();
        // One for progress, one for the terminal message's retries, one when it is given up.
        expect(warnings).toHaveLength(3);
        expect(warnings[2]).toMatch(/final status message .* giving up\./);
        expect(warnings.join('\n')).not.toContain(token);
        expect(warnings[0]).toContain('token=***');
        expect(warnings[0]).toContain('The Actor carries on.');
    });
});

describe('the terminal message while work under way goes on', () => {
    /** A transport whose first `failures` terminal calls fail (a 500), the others land. */
    function failingFirst(failures: number) {
        const sent: string[] = [];
        let left = failures;
        const transport: Transport = {
            name: 'controlled',
            send: async (update) => {
                sent.push(update.statusMessage);
                if (update.isStatusMessageTerminal && left-- > 0) {
                    throw new DeliveryError('API answered 500', { retryable: true, statusCode: 500, kind: 'http-500' });
                }
            },
        };
        return { transport, sent };
    }

    it('each retry counts what was done until then, and the snapshot ends with it', async () => {
        const { transport: failing, sent } = failingFirst(1);
        const r = new ProgressReporter({ transport: failing, log, clock, total: 10, unit: 'pages', handleExit: false });
        r.advance(4);
        const ending = r.abort('stopped');
        // Work that was under way finishes while the first attempt fails and the retry waits.
        r.advance(2);
        await expect(whileTimePasses(ending)).resolves.toBe('delivered');
        const terminal = sent.filter((text) => text.startsWith('Aborted'));
        // Before: the retry sent "Aborted: 4 of 10 ..." again, for a run that had done 6.
        expect(terminal).toEqual(['Aborted: 4 of 10 pages done · stopped', 'Aborted: 6 of 10 pages done · stopped']);
        expect(r.snapshot()).toMatchObject({ status: 'aborted', done: 6 });
    });

    it("the user's own words are sent as they are, retries included", async () => {
        const { transport: failing, sent } = failingFirst(1);
        const r = new ProgressReporter({ transport: failing, log, clock, total: 10, handleExit: false });
        r.advance(4);
        const ending = r.finish('Scraped what was there');
        r.advance(2);
        await whileTimePasses(ending);
        expect(sent.slice(-2)).toEqual(['Scraped what was there', 'Scraped what was there']);
    });

    it('a retry with nothing new sends the same text', async () => {
        const { transport: failing, sent } = failingFirst(2);
        const r = new ProgressReporter({ transport: failing, log, clock, total: 10, unit: 'pages', handleExit: false });
        r.advance(10);
        await whileTimePasses(r.finish());
        expect(new Set(sent.filter((text) => text.startsWith('Finished')))).toEqual(
            new Set(['Finished: 10 of 10 pages done · in 0 s']),
        );
    });
});

describe('local runs', () => {
    it('write the messages to the log when there is no run id or token', async () => {
        vi.stubEnv('ACTOR_RUN_ID', '');
        vi.stubEnv('APIFY_ACTOR_RUN_ID', '');
        vi.stubEnv('APIFY_TOKEN', '');
        const r = new ProgressReporter({ log, clock, total: 2, unit: 'files' });
        vi.unstubAllEnvs();
        expect(r.transportName).toBe('log');
        r.advance();
        await r.flush();
        r.advance();
        await r.finish();
        expect(log.lines.map((line) => line.message)).toEqual([
            '[Status message]: 1 of 2 files done (50%)',
            '[Status message, terminal]: Finished: 2 of 2 files done · in 0 s',
        ]);
    });

    it('use the Apify API when a run id and a token are set', () => {
        vi.stubEnv('APIFY_ACTOR_RUN_ID', 'run-1');
        vi.stubEnv('ACTOR_RUN_ID', '');
        vi.stubEnv('APIFY_TOKEN', 'token-1');
        const r = new ProgressReporter({ log });
        vi.unstubAllEnvs();
        expect(r.transportName).toBe('Apify API');
    });
});
