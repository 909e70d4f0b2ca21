import { describe, expect, it } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

/** A reporter that sends every change at once and keeps its warnings. */
function manual(env: { token?: string } = {}) {
    const transport = new RecordingTransport();
    const warnings: string[] = [];
    const previous = process.env.APIFY_TOKEN;
    if (env.token) process.env.APIFY_TOKEN = env.token;
    const reporter = new ProgressReporter({
        transport,
        intervalSecs: 0,
        unit: 'products',
        handleExit: false,
        persistStateKey: false,
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
    });
    if (env.token) process.env.APIFY_TOKEN = previous;
    return { reporter, transport, warnings };
}

describe('counting items and failures by hand', () => {
    it('says what was saved and why units failed, from your words or an Error', async () => {
        const { reporter, transport } = manual();
        reporter.setTotal(10);
        reporter.advance(6);
        reporter.addItems();
        reporter.addItems(11);
        reporter.fail(2, 'out of stock');
        reporter.fail(1, Object.assign(new Error('Gateway timeout on https://shop.test/?key=1'), { statusCode: 504 }));
        reporter.fail(1, new TypeError("Cannot read properties of undefined (reading 'price')"));
        expect(reporter.snapshot()).toMatchObject({
            items: 12,
            failed: 4,
            failures: [
                { reason: 'out of stock', count: 2 },
                { reason: 'HTTP 504', count: 1 },
                { reason: 'TypeError in the handler', count: 1 },
            ],
        });
        await reporter.flush();
        // 4 of 10 handled failed, a notable share: the top reason covers half of them.
        expect(reporter.lastMessage).toBe('6 of 10 products done (100%) · 12 items · 4 failed (mostly out of stock)');
        await reporter.finish();
        expect(transport.messages.at(-1)).toMatch(
            /^Finished: 6 of 10 products done · 12 items · 4 failed \(2 × out of stock, 1 × HTTP 504, 1 × TypeError in the handler\) · in \d+ s$/,
        );
    });

    it('cleans and caps your words, keeps the token out, and ignores what is not a reason', () => {
        const { reporter, warnings } = manual({ token: 'apify_api_SECRET123' });
        reporter.fail(1, '  sold\nout   ');
        reporter.fail(1, `blocked by apify_api_SECRET123 ${'x'.repeat(100)}`);
        reporter.fail(1, 42 as unknown as string);
        const reasons = reporter.snapshot().failures.map((entry) => entry.reason);
        expect(reasons).toContain('sold out');
        expect(reasons.join()).not.toContain('SECRET123');
        expect(reasons.every((reason) => reason.length <= 60)).toBe(true);
        expect(reasons).toContain('unknown'); // the 42: counted, without a reason
        expect(reporter.snapshot().failed).toBe(3);
        expect(warnings).toEqual(['Ignored the reason of fail(1, 42): give a string or an Error.']);
    });

    it('ignores counts that make no sense, saying so once', () => {
        const { reporter, warnings } = manual();
        reporter.addItems(-1);
        reporter.addItems(Number.NaN);
        reporter.fail(-2, 'x');
        expect(reporter.snapshot()).toMatchObject({ items: 0, failed: 0, failures: [] });
        expect(warnings).toEqual([
            'Ignored addItems(-1): n must be a whole number >= 0.',
            'Ignored fail(-2, "x"): n must be a whole number >= 0.',
        ]);
    });

    it('keeps the final snapshot once the run has ended', async () => {
        const { reporter } = manual();
        reporter.advance(3);
        await reporter.finish();
        const final = reporter.snapshot();
        reporter.advance(5);
        reporter.addItems(5);
        expect(reporter.snapshot()).toBe(final);
        expect(reporter.progressDocument()).toMatchObject({ status: 'finished', done: 3, items: 0, terminal: true });
    });
});
