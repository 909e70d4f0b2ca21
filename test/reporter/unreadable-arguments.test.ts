/**
 * Arguments that throw when looked at: a revoked Proxy (every look throws), an object whose getter
 * throws, an error whose `name` or `code` getter throws. The calls documented never to throw (the
 * counting calls, `finish`, `abort`, `end`) still never throw: one warning, and the call ignored or
 * the run ended with the built-in wording (docs/api.md, "Bad arguments").
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

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

/** A Proxy that throws a TypeError at every look, as a revoked one does. */
function revoked(): object {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
}

/** An Error whose `field` getter throws. */
function errorWithThrowing(field: 'name' | 'code'): Error {
    const error = new Error('connect ECONNREFUSED 127.0.0.1:9');
    Object.defineProperty(error, field, {
        enumerable: true,
        get() {
            throw new Error(`no ${field} today`);
        },
    });
    return error;
}

const STATUS_THROWS = {
    get status(): never {
        throw new Error('no status today');
    },
};

describe('finish / abort / end with an argument that throws when read: no throw, one warning, an end', () => {
    it.each([
        [
            'end(a revoked Proxy)',
            (r: ProgressReporter) => r.end(revoked() as never),
            'Finished: 2 of 10 pages done · in 0 s',
            'end(an object): outcome could not be read; ending with the built-in wording.',
        ],
        [
            'end({ get status() { throw } })',
            (r: ProgressReporter) => r.end(STATUS_THROWS),
            'Finished: 2 of 10 pages done · in 0 s',
            'end(an object): outcome could not be read; ending with the built-in wording.',
        ],
        [
            'finish(a revoked Proxy)',
            (r: ProgressReporter) => r.finish(revoked() as never),
            'Finished: 2 of 10 pages done · in 0 s',
            'finish(an object): message must be a string; ending with the built-in wording.',
        ],
        [
            'abort(an error whose name throws)',
            (r: ProgressReporter) => r.abort(errorWithThrowing('name')),
            'Aborted: 2 of 10 pages done · connect ECONNREFUSED 127.0.0.1:9',
            undefined,
        ],
        [
            'end({ status: "failed", reason: an error whose code throws })',
            (r: ProgressReporter) => r.end({ status: 'failed', reason: errorWithThrowing('code') }),
            'Failed: 2 of 10 pages done · Error: connect ECONNREFUSED 127.0.0.1:9',
            undefined,
        ],
    ])('%s', async (_, call, terminal, warning) => {
        const r = reporter();
        r.advance(2);
        let ending: Promise<unknown> | undefined;
        // Before: end() threw a TypeError from inside its argument check.
        expect(() => {
            ending = call(r);
        }).not.toThrow();
        expect(r.ended).toBe(true);
        await expect(ending).resolves.toBe('delivered');
        expect(transport.updates.at(-1)).toEqual(
            expect.objectContaining({ statusMessage: terminal, isStatusMessageTerminal: true }),
        );
        expect(warnings).toEqual(warning === undefined ? [] : [warning]);
    });
});

describe('fail() with an error whose getters throw: counted, its reason worded from what can be read', () => {
    it.each([
        ['name', 'network error: ECONNREFUSED'],
        ['code', 'network error: ECONNREFUSED'],
    ] as const)('an error whose %s getter throws', (field, reason) => {
        const r = reporter();
        // Before: fail() threw the getter's error.
        expect(() => r.fail(1, errorWithThrowing(field))).not.toThrow();
        expect(r.snapshot()).toMatchObject({ failed: 1, failures: [{ reason, count: 1 }] });
        expect(warnings).toEqual([]);
    });

    it('a revoked Proxy as the reason: the failure counted, never a throw', () => {
        const r = reporter();
        expect(() => r.fail(1, revoked() as never)).not.toThrow();
        expect(r.snapshot().failed).toBe(1);
    });
});

describe('counting calls with an argument that throws when read: ignored, one warning per method', () => {
    it.each([
        [
            'setTotal(5, a revoked Proxy)',
            (r: ProgressReporter) => r.setTotal(5, revoked() as never),
            'Ignored setTotal(5, an object): options could not be read.',
        ],
        [
            'setCounts(a revoked Proxy)',
            (r: ProgressReporter) => r.setCounts(revoked() as never),
            'Ignored setCounts(an object): counts could not be read.',
        ],
        [
            'setCounts({ get done() { throw } })',
            (r: ProgressReporter) =>
                r.setCounts({
                    get done(): number {
                        throw new Error('no');
                    },
                }),
            'Ignored setCounts(an object): counts could not be read.',
        ],
        [
            'phase("x", a revoked Proxy)',
            (r: ProgressReporter) => r.phase('x', revoked() as never),
            'Ignored phase("x", an object): options could not be read.',
        ],
        [
            'setUnit(a revoked Proxy)',
            (r: ProgressReporter) => r.setUnit(revoked() as never),
            'Ignored setUnit(an object): unit must be a non-empty string or a [singular, plural] pair of strings.',
        ],
        [
            'importState(a revoked Proxy)',
            (r: ProgressReporter) => r.importState(revoked() as never),
            'Ignored importState(an object): state must be what exportState() returned.',
        ],
        [
            'advance(a revoked Proxy)',
            (r: ProgressReporter) => r.advance(revoked() as never),
            'Ignored advance(an object): n must be a whole number >= 0.',
        ],
    ])('%s', (_, call, warning) => {
        const r = reporter();
        r.advance(2);
        const before = r.snapshot();
        // Before: each threw a TypeError (Array.isArray, Object.entries or JSON.stringify on the Proxy).
        expect(() => call(r)).not.toThrow();
        expect(() => call(r)).not.toThrow();
        expect({ ...r.snapshot(), now: 0, elapsedMs: 0 }).toEqual({ ...before, now: 0, elapsedMs: 0 });
        expect(warnings).toEqual([warning]);
    });
});
