import { describe, expect, it } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { resolveOptions } from '../../src/options/resolve.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

describe('option defaults', () => {
    it('applies the documented defaults', () => {
        const options = resolveOptions();
        expect(options).toMatchObject({
            unit: ['item', 'items'],
            unitWasSet: false,
            intervalMs: 5_000,
            maxMessageLength: 500,
            requestTimeoutMs: 5_000,
            maxAttempts: 3,
            terminalDeadlineMs: 8_000,
            locale: 'en-US',
            // Off: the benchmark does not show it earns a place by default (docs/projection.md).
            projection: false,
        });
    });

    it('derives the singular of regular plurals and takes irregular ones as given', () => {
        expect(resolveOptions({ unit: 'pages' }).unit).toEqual(['page', 'pages']);
        expect(resolveOptions({ unit: 'entries' }).unit).toEqual(['entry', 'entries']);
        expect(resolveOptions({ unit: 'boxes' }).unit).toEqual(['box', 'boxes']);
        expect(resolveOptions({ unit: 'data' }).unit).toEqual(['data', 'data']);
        expect(resolveOptions({ unit: ['child', 'children'] }).unit).toEqual(['child', 'children']);
    });
});

describe('option validation', () => {
    it.each([
        [{ intervalSecs: -1 }, /option `intervalSecs` must be a finite number >= 0, got -1/],
        [{ intervalSecs: Number.NaN }, /option `intervalSecs` must be a finite number >= 0, got NaN/],
        [{ intervalSecs: '5' }, /option `intervalSecs` must be a finite number >= 0, got "5"/],
        [{ total: Number.NaN }, /option `total` must be a whole number >= 0 or a function returning one, got NaN/],
        [{ total: 10.5 }, /option `total` must be a whole number >= 0 .* got 10.5/],
        [{ total: -3 }, /option `total` .* got -3/],
        [{ format: 'text' }, /option `format` must be a function \(snapshot\) => string, got "text"/],
        [{ unit: '' }, /option `unit` must be a non-empty string or a \[singular, plural\] pair/],
        [{ unit: ['one'] }, /option `unit` .* got \["one"\]/],
        [{ maxMessageLength: 5 }, /option `maxMessageLength` must be an integer >= 20, got 5/],
        [{ maxAttempts: 0 }, /option `maxAttempts` must be an integer >= 1, got 0/],
        [{ maxAttempts: 1.5 }, /option `maxAttempts` must be an integer >= 1, got 1.5/],
        [{ requestTimeoutSecs: 0 }, /option `requestTimeoutSecs`/],
        [{ terminalDeadlineSecs: Number.POSITIVE_INFINITY }, /option `terminalDeadlineSecs` .* got Infinity/],
        [{ transport: {} }, /option `transport` must be an object with send\(\), got \{\}/],
        [{ clock: () => 1 }, /option `clock` must be an object with now\(\), got the function clock/],
        [{ log: console.log }, /option `log` must be an object with info\(\) and warning\(\)/],
        [{ locale: 'not a locale!' }, /option `locale` must be a BCP 47 locale tag/],
        [
            { liveView: 'yes' },
            /option `liveView` must be a boolean or \{ port\?: integer 0-65535, host\?: non-empty string \}, got "yes"/,
        ],
        [{ liveView: { prot: 80 } }, /option `liveView` .* \(unknown key `prot`\), got \{"prot":80\}/],
        [{ liveView: { port: 70_000 } }, /option `liveView.port` must be an integer from 0 to 65535, got 70000/],
        [{ liveView: { port: '4321' } }, /option `liveView.port` must be an integer from 0 to 65535, got "4321"/],
        [{ liveView: { host: ' ' } }, /option `liveView.host` must be a non-empty string, got " "/],
        [{ projection: 'off' }, /option `projection` must be a boolean, got "off"/],
        [{ intervalSec: 5 }, /unknown option `intervalSec`\. Known options: unit, total, intervalSecs/],
        // Above 2^31-1 ms Node's timers fire at once: one PUT per advance(), a terminal that does not wait.
        [
            { intervalSecs: 1e9 },
            /option `intervalSecs` must be at most 2147483 \(about 24.8 days, the longest a Node timer waits\), got 1000000000/,
        ],
        [{ requestTimeoutSecs: 1e9 }, /option `requestTimeoutSecs` must be at most 2147483 .* got 1000000000/],
        [{ requestTimeoutSecs: 2_147_483.5 }, /option `requestTimeoutSecs` must be at most 2147483 /],
        [{ terminalDeadlineSecs: 1e9 }, /option `terminalDeadlineSecs` must be at most 2147483 .* got 1000000000/],
        [{ recordIntervalSecs: 1e9 }, /option `recordIntervalSecs` must be at most 2147483 .* got 1000000000/],
        [{ locale: 123 }, /option `locale` must be a BCP 47 locale tag such as "en-US", got 123/],
        [{ locale: ['en-US'] }, /option `locale` must be a BCP 47 locale tag .* got \["en-US"\]/],
        [{ locale: '' }, /option `locale` must be a BCP 47 locale tag .* got ""/],
    ])('rejects %o with a TypeError naming the option and value', (options, message) => {
        expect(() => new ProgressReporter(options as never)).toThrow(TypeError);
        expect(() => new ProgressReporter(options as never)).toThrow(message);
    });

    it('rejects options that are not an object', () => {
        expect(() => new ProgressReporter(5 as never)).toThrow(/options must be an object, got 5/);
    });

    it('accepts the longest timer Node has', () => {
        const longest = 2_147_483;
        const options = { intervalSecs: longest, requestTimeoutSecs: longest, terminalDeadlineSecs: longest };
        expect(resolveOptions(options)).toMatchObject({
            intervalMs: longest * 1_000,
            requestTimeoutMs: longest * 1_000,
            terminalDeadlineMs: longest * 1_000,
        });
    });

    it('takes liveView as a boolean or where to listen', () => {
        expect(resolveOptions().liveView).toBe(false);
        expect(resolveOptions({ liveView: false }).liveView).toBe(false);
        expect(resolveOptions({ liveView: true }).liveView).toEqual({});
        expect(resolveOptions({ liveView: { port: 0, host: '0.0.0.0' } }).liveView).toEqual({
            port: 0,
            host: '0.0.0.0',
        });
    });

    it('accepts a zero interval and a total given as a function: each change is sent, over the total the function gives then', async () => {
        const transport = new RecordingTransport();
        let total = 10;
        const reporter = new ProgressReporter({
            intervalSecs: 0,
            total: () => total,
            unit: 'pages',
            transport,
            handleExit: false,
        });
        reporter.advance(3);
        await reporter.flush();
        total = 20;
        reporter.advance(2);
        await reporter.flush();
        await reporter.finish();
        expect(transport.messages).toEqual([
            '3 of 10 pages done (30%)',
            '5 of 20 pages done (25%)',
            expect.stringMatching(/^Finished: 5 of 20 pages done · in \d+ s$/),
        ]);
    });
});
