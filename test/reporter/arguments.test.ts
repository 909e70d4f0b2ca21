/**
 * One rule for bad arguments to every public method (docs/api.md, "Bad arguments"): set-up calls
 * throw a TypeError naming the method and the argument; calls made while the run works warn once per
 * method and are ignored; finish / abort / end never throw and always end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { withProgress } from '../../src/with-progress.js';

let transport: RecordingTransport;
let warnings: string[];

function reporter(): ProgressReporter {
    return new ProgressReporter({
        transport,
        log: { info: () => undefined, warning: (message) => warnings.push(message) },
        unit: 'pages',
        total: 10,
        intervalSecs: 5,
        handleExit: false,
        persistStateKey: false,
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

/** Calls `call` on a fresh reporter: it must not throw, must change nothing, and must warn once. */
function expectIgnored(call: (r: ProgressReporter) => void, warning: string) {
    const r = reporter();
    r.advance(2);
    const before = r.snapshot();
    expect(() => call(r)).not.toThrow();
    expect(() => call(r)).not.toThrow(); // the second time costs nothing, not even a warning
    const after = r.snapshot();
    expect({ ...after, now: 0, elapsedMs: 0 }).toEqual({ ...before, now: 0, elapsedMs: 0 });
    expect(warnings).toEqual([warning]);
}

describe('calls made while the run works: one warning per method, the call ignored, never a throw', () => {
    it.each([
        ['advance(-1)', (r: ProgressReporter) => r.advance(-1), 'Ignored advance(-1): n must be a whole number >= 0.'],
        [
            'advance(NaN)',
            (r: ProgressReporter) => r.advance(Number.NaN),
            'Ignored advance(NaN): n must be a whole number >= 0.',
        ],
        [
            'advance("3")',
            (r: ProgressReporter) => r.advance('3' as never),
            'Ignored advance("3"): n must be a whole number >= 0.',
        ],
        // Fractions are refused: messages count whole units, and 0.5 would show as "1 of 10" (rounded).
        [
            'advance(0.5)',
            (r: ProgressReporter) => r.advance(0.5),
            'Ignored advance(0.5): n must be a whole number >= 0.',
        ],
        [
            'fail(Infinity)',
            (r: ProgressReporter) => r.fail(Number.POSITIVE_INFINITY),
            'Ignored fail(Infinity): n must be a whole number >= 0.',
        ],
        [
            'retry(null)',
            (r: ProgressReporter) => r.retry(null as never),
            'Ignored retry(null): n must be a whole number >= 0.',
        ],
        [
            'setCounts(null)',
            (r: ProgressReporter) => r.setCounts(null as never),
            'Ignored setCounts(null): counts must be an object such as { done: 10 }.',
        ],
        [
            'setCounts(5)',
            (r: ProgressReporter) => r.setCounts(5 as never),
            'Ignored setCounts(5): counts must be an object { done?, failed?, retried?, failures? } or left out.',
        ],
        [
            'setCounts({ done: -2 })',
            (r: ProgressReporter) => r.setCounts({ done: -2 }),
            'Ignored setCounts({"done":-2}): counts.done must be a whole number >= 0.',
        ],
        [
            'setCounts({ processed })',
            (r: ProgressReporter) => r.setCounts({ processed: 5 } as never),
            'Ignored setCounts({"processed":5}): counts has no field `processed`: it takes { done?, failed?, retried?, failures? }.',
        ],
        [
            'setCounts({ failures: "x" })',
            (r: ProgressReporter) => r.setCounts({ failures: 'x' } as never),
            'Ignored setCounts({"failures":"x"}): counts.failures must be a list of { reason: string, count: number }.',
        ],
        [
            'fail(1.5, "x")',
            (r: ProgressReporter) => r.fail(1.5, 'out of stock'),
            'Ignored fail(1.5, "out of stock"): n must be a whole number >= 0.',
        ],
        [
            'addItems(-1)',
            (r: ProgressReporter) => r.addItems(-1),
            'Ignored addItems(-1): n must be a whole number >= 0.',
        ],
        [
            'setTotal(-5)',
            (r: ProgressReporter) => r.setTotal(-5),
            'Ignored setTotal(-5): total must be a whole number >= 0.',
        ],
        [
            'setTotal(10.5)',
            (r: ProgressReporter) => r.setTotal(10.5),
            'Ignored setTotal(10.5): total must be a whole number >= 0.',
        ],
        [
            'setTotal(10, null)',
            (r: ProgressReporter) => r.setTotal(10, null as never),
            'Ignored setTotal(10, null): options must be an object { estimate? } or left out.',
        ],
        [
            'setTotal(10, { estimate: "yes" })',
            (r: ProgressReporter) => r.setTotal(10, { estimate: 'yes' as never }),
            'Ignored setTotal(10, {"estimate":"yes"}): options.estimate must be true or false.',
        ],
        [
            'setUnit(5)',
            (r: ProgressReporter) => r.setUnit(5 as never),
            'Ignored setUnit(5): unit must be a non-empty string or a [singular, plural] pair of strings.',
        ],
        [
            'setUnit(null)',
            (r: ProgressReporter) => r.setUnit(null as never),
            'Ignored setUnit(null): unit must be a non-empty string or a [singular, plural] pair of strings.',
        ],
        [
            'setUnit(["one"])',
            (r: ProgressReporter) => r.setUnit(['one'] as never),
            'Ignored setUnit(["one"]): unit must be a non-empty string or a [singular, plural] pair of strings.',
        ],
        [
            'phase("P", null)',
            (r: ProgressReporter) => r.phase('P', null as never),
            'Ignored phase("P", null): options must be an object { total?, unit? } or left out.',
        ],
        [
            'phase("P", { unit: 5 })',
            (r: ProgressReporter) => r.phase('P', { unit: 5 as never }),
            'Ignored phase("P", {"unit":5}): options.unit must be a non-empty string or a [singular, plural] pair of strings.',
        ],
        [
            'phase("P", { total: -1 })',
            (r: ProgressReporter) => r.phase('P', { total: -1 }),
            'Ignored phase("P", {"total":-1}): options.total must be a whole number >= 0.',
        ],
        [
            'phase("  ")',
            (r: ProgressReporter) => r.phase('  '),
            'Ignored phase("  "): name must be a non-empty string.',
        ],
        [
            'phase(5)',
            (r: ProgressReporter) => r.phase(5 as never),
            'Ignored phase(5): name must be a non-empty string.',
        ],
    ])('%s', (_, call, warning) => {
        expectIgnored(call, warning);
    });

    it('importState(null) and importState of something else: false, one warning, nothing taken over', () => {
        const r = reporter();
        expect(r.importState(null as never)).toBe(false);
        expect(r.importState({ done: 'many' } as never)).toBe(false);
        expect(r.snapshot()).toMatchObject({ done: 0, failed: 0 });
        expect(warnings).toEqual(['Ignored importState(null): state must be what exportState() returned.']);
    });

    it('a log that throws costs the warning, never the call', () => {
        const r = new ProgressReporter({
            transport,
            handleExit: false,
            log: {
                info: () => undefined,
                warning: () => {
                    throw new Error('log is broken');
                },
            },
        });
        expect(() => r.advance(-1)).not.toThrow();
        expect(() => r.setUnit(5 as never)).not.toThrow();
    });

    it('the methods without arguments ignore whatever they are given', async () => {
        const r = reporter();
        const junk = [null, 5, {}] as never[];
        expect(() => (r.touch as (...args: unknown[]) => void)(...junk)).not.toThrow();
        expect(() => (r.snapshot as (...args: unknown[]) => unknown)(...junk)).not.toThrow();
        expect(() => (r.exportState as (...args: unknown[]) => unknown)(...junk)).not.toThrow();
        expect(() => (r.detachExitHandlers as (...args: unknown[]) => void)(...junk)).not.toThrow();
        await expect((r.flush as (...args: unknown[]) => Promise<void>)(...junk)).resolves.toBeUndefined();
        await expect((r.restoreState as (...args: unknown[]) => Promise<boolean>)(...junk)).resolves.toBe(false);
        await expect((r.markMigrating as (...args: unknown[]) => Promise<void>)(...junk)).resolves.toBeUndefined();
        expect(warnings).toEqual([]);
    });
});

describe('set-up calls: a TypeError naming the method and the argument', () => {
    it('addCountSource(5)', () => {
        expect(() => reporter().addCountSource(5 as never)).toThrow(
            new TypeError('actor-progress: addCountSource(5): refresh must be a function.'),
        );
    });

    it('attach({})', () => {
        expect(() => reporter().attach({} as never)).toThrow(TypeError);
        expect(() => reporter().attach({} as never)).toThrow(/attach\(\) needs a Crawlee crawler instance/);
    });

    it('formatSnapshot(undefined)', () => {
        expect(() => reporter().formatSnapshot(undefined as never)).toThrow(
            new TypeError(
                'actor-progress: formatSnapshot(undefined): snapshot must be a ProgressSnapshot (see snapshot()).',
            ),
        );
    });

    it('new ProgressReporter with a bad option, and withProgress without a function', async () => {
        expect(() => new ProgressReporter({ unit: 5 as never })).toThrow(TypeError);
        await expect(withProgress({}, 5 as never)).rejects.toThrow(TypeError);
        await expect(withProgress({}, 5 as never)).rejects.toThrow(
            'actor-progress: withProgress() needs a function as its second argument, got 5.',
        );
    });
});

describe('finish / abort / end: never throw, always end, status and ended change together', () => {
    it.each([
        [
            'finish(123)',
            (r: ProgressReporter) => r.finish(123 as never),
            'Finished: 2 of 10 pages done · in 0 s',
            'finished',
            'finish(123): message must be a string; ending with the built-in wording.',
        ],
        [
            'abort(Object.create(null))',
            (r: ProgressReporter) => r.abort(Object.create(null)),
            'Aborted: 2 of 10 pages done · {}',
            'aborted',
            undefined,
        ],
        [
            'end(null)',
            (r: ProgressReporter) => r.end(null as never),
            'Finished: 2 of 10 pages done · in 0 s',
            'finished',
            "end(null): outcome must be { status: 'finished' | 'failed' | 'aborted' | 'timed-out', reason?, message? }; ending with the built-in wording.",
        ],
        [
            'end({ status: "done" })',
            (r: ProgressReporter) => r.end({ status: 'done' } as never),
            'Finished: 2 of 10 pages done · in 0 s',
            'finished',
            "end({\"status\":\"done\"}): outcome.status must be one of { status: 'finished' | 'failed' | 'aborted' | 'timed-out', reason?, message? }; ending with the built-in wording.",
        ],
        [
            'end({ status: "failed", message: 7 })',
            (r: ProgressReporter) => r.end({ status: 'failed', message: 7 } as never),
            'Finished: 2 of 10 pages done · in 0 s',
            'finished',
            'end({"status":"failed","message":7}): outcome.message must be a string; ending with the built-in wording.',
        ],
        [
            'finish("")',
            (r: ProgressReporter) => r.finish(''),
            'Finished: 2 of 10 pages done · in 0 s',
            'finished',
            'finish(""): message is blank; ending with the built-in wording.',
        ],
        [
            'finish("   ")',
            (r: ProgressReporter) => r.finish('   '),
            'Finished: 2 of 10 pages done · in 0 s',
            'finished',
            'finish("   "): message is blank; ending with the built-in wording.',
        ],
        [
            'end({ status: "failed", message: "\\n\\t" })',
            (r: ProgressReporter) => r.end({ status: 'failed', message: '\n\t' }),
            'Failed: 2 of 10 pages done',
            'failed',
            'end({"status":"failed","message":"\\n\\t"}): outcome.message is blank; ending with the built-in wording.',
        ],
        [
            'abort(a revoked Proxy)',
            (r: ProgressReporter) => {
                const { proxy, revoke } = Proxy.revocable({}, {});
                revoke(); // every look at it now throws
                return r.abort(proxy);
            },
            'Aborted: 2 of 10 pages done · (a reason that could not be read)',
            'aborted',
            undefined,
        ],
    ])('%s', async (_, call, terminal, status, warning) => {
        const r = reporter();
        r.advance(2);
        let ending: Promise<unknown> | undefined;
        expect(() => {
            ending = call(r);
        }).not.toThrow();
        expect(r.ended).toBe(true);
        expect(r.status).toBe(status);
        await expect(ending).resolves.toBe('delivered');
        expect(transport.updates.at(-1)).toEqual(
            expect.objectContaining({ statusMessage: terminal, isStatusMessageTerminal: true }),
        );
        expect(warnings).toEqual(warning === undefined ? [] : [warning]);
    });
});
