import { describe, expect, it } from 'vitest';
import { describeValue } from '../../src/shared/value-description.js';

/** A Proxy that throws a TypeError at every look, as a revoked one does. */
function revoked(): object {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
}

class Router {}

describe('describeValue: what "got ..." says of a bad argument or option', () => {
    it.each([
        ['a string, quoted', '5', '"5"'],
        ['a number', -1, '-1'],
        ['NaN', Number.NaN, 'NaN'],
        ['null', null, 'null'],
        ['undefined', undefined, 'undefined'],
        ['a bigint', 10n, '10n'],
        ['a symbol', Symbol('x'), 'Symbol(x)'],
        ['an array, as written', ['one'], '["one"]'],
        ['a plain object, as written', { done: -2 }, '{"done":-2}'],
        ['the functions and bigints in an object', { run: () => 1, n: 2n }, '{"run":"[function]","n":"2n"}'],
        ['an object without a prototype', Object.create(null), '{}'],
        ['an instance of a class, by its class', new Router(), 'an instance of Router'],
        ['a class', Router, 'the class Router'],
        ['a named function', function refresh() {}, 'the function refresh'],
        ['an anonymous function', [() => 1][0], 'a function'],
    ])('%s', (_, value, expected) => {
        expect(describeValue(value)).toBe(expected);
    });

    it('cuts a long value to 60 characters', () => {
        const text = describeValue('x'.repeat(100));
        expect(text).toHaveLength(60);
        expect(text.endsWith('…')).toBe(true);
    });

    it('never throws: a revoked Proxy and an object whose getter throws read "an object"', () => {
        const getterThrows = {
            get done(): number {
                throw new Error('no');
            },
        };
        expect(describeValue(revoked())).toBe('an object');
        expect(describeValue(getterThrows)).toBe('an object');
    });
});
