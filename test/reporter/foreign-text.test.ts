/**
 * Text that comes from outside (an error's message, an author's words, a unit, a step's name) as it
 * reaches what a user sees: the status message, the snapshot's failure reasons and reason, the
 * progress record (`progressDocument()`), which the live view serves too. Terminal colour codes and
 * bidi controls never get through, and text made only of invisible characters is never a message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import type { ProgressReporterOptions } from '../../src/options/options.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let transport: RecordingTransport;
let warnings: string[];

function reporter(options: ProgressReporterOptions = {}): ProgressReporter {
    return new ProgressReporter({
        transport,
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
        unit: 'pages',
        total: 10,
        intervalSecs: 0,
        handleExit: false,
        persistStateKey: false,
        ...options,
    });
}

beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    transport = new RecordingTransport();
    warnings = [];
});
afterEach(() => {
    vi.useRealTimers();
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point
const ESCAPE_CODES = /\u001b|\u009b|\[\d+m/;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

/** Everything a user can see of the run, as one text to search. */
function seen(r: ProgressReporter): string {
    return JSON.stringify({ messages: transport.messages, snapshot: r.snapshot(), document: r.progressDocument() });
}

/** What Playwright throws on a navigation timeout: its "Call log:" is dimmed with ANSI codes. */
function playwrightTimeout(): Error {
    const error = new Error(
        'page.goto: Timeout 30000ms exceeded.\nCall log:\n\u001b[2m  - navigating to "http://127.0.0.1:8080/slow", waiting until "load"\u001b[22m\n',
    );
    error.name = 'TimeoutError';
    return error;
}

describe('terminal colour codes from error texts', () => {
    it('reach neither the terminal message, nor the reason in the snapshot and the record', async () => {
        const r = reporter();
        r.advance(3);
        await r.abort(playwrightTimeout());
        // Before: "... Call log: [2m - navigating to ... [22m" in the Console, the ESC codes in the record.
        expect(transport.messages.at(-1)).toBe(
            'Aborted: 3 of 10 pages done · TimeoutError: page.goto: Timeout 30000ms exceeded. Call log: - navigating to "http://127.0.0.1:8080/slow", waiting until "load"',
        );
        expect(r.snapshot().reason).toContain('Call log:\n  - navigating to');
        expect(seen(r)).not.toMatch(ESCAPE_CODES);
    });

    it('reach no failure reason, whether given to fail() or by a count source', async () => {
        const r = reporter();
        r.fail(1, '\u001b[31mout of stock\u001b[39m');
        r.fail(1, playwrightTimeout());
        await r.finish();
        expect(r.snapshot().failures).toEqual([
            { reason: 'out of stock', count: 1 },
            { reason: 'timeout', count: 1 },
        ]);
        expect(seen(r)).not.toMatch(ESCAPE_CODES);

        const source = reporter();
        source.setCounts({ done: 2, failed: 1, failures: [{ reason: '\u001b[33mcaptcha\u001b[0m', count: 1 }] });
        await source.finish();
        expect(source.snapshot().failures).toEqual([{ reason: 'captcha', count: 1 }]);
        expect(transport.messages.at(-1)).toMatch(/^Finished: 2 of 10 pages done · 1 failed \(captcha\) · in/);
        expect(seen(source)).not.toMatch(ESCAPE_CODES);
    });
});

describe('bidi controls in the author’s words', () => {
    it('a right-to-left override in a unit or a step name reverses nothing after it', async () => {
        const r = reporter({ unit: '\u202eslebal' });
        r.phase('\u2067Scraping');
        r.advance(4);
        await r.flush();
        // Before: the unit kept its U+202E, and the Console showed the rest of the message reversed.
        expect(transport.messages.at(-1)).toBe('Step 1 · Scraping: 4 of 10 slebal done (40%)');
        await r.finish();
        expect(seen(r)).not.toMatch(BIDI_CONTROLS);
    });
});

describe('text made only of invisible characters', () => {
    it('is never the terminal message: finish() ends with the built-in wording, and says why', async () => {
        const r = reporter();
        r.advance(2);
        // Before: a terminal message of one zero-width space, an empty Console.
        expect(await r.finish('\u200b\u200e\u2066')).toBe('delivered');
        expect(transport.messages.at(-1)).toMatch(/^Finished: 2 of 10 pages done · in \d+ s$/);
        expect(warnings).toEqual([expect.stringContaining('message is blank')]);
    });

    it('is never a message when the author’s format returns it', async () => {
        const r = reporter({ format: () => '\u200b\u202e' });
        r.advance(2);
        await r.flush();
        expect(transport.messages).toEqual(['2 of 10 pages done (20%)']);
        expect(warnings).toEqual([expect.stringContaining('returned blank text')]);
    });

    it('is refused as a unit or a step name, with one warning, like an empty one', () => {
        const r = reporter();
        r.setUnit('\u200b');
        r.phase('\u200d\u2060');
        expect(r.snapshot().unit).toEqual(['page', 'pages']);
        expect(r.snapshot().phase).toBeUndefined();
        expect(warnings).toHaveLength(2);
    });
});
