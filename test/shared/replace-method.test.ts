import { describe, expect, it } from 'vitest';
import { replaceMethod } from '../../src/shared/replace-method.js';

describe('replaceMethod', () => {
    class Greeter {
        greet(name: string) {
            return `hello ${name}`;
        }
    }

    it('replaces the method on the one object and removes itself without a trace', () => {
        const greeter = new Greeter();
        const restore = replaceMethod(
            greeter,
            'greet',
            (original) =>
                function (this: unknown, ...args) {
                    return `${String(original.apply(this, args))}!`;
                },
        );
        expect(greeter.greet('Ann')).toBe('hello Ann!');
        expect(new Greeter().greet('Bob')).toBe('hello Bob');
        restore();
        restore();
        expect(Object.hasOwn(greeter, 'greet')).toBe(false);
        expect(greeter.greet('Ann')).toBe('hello Ann');
    });

    it('puts back an own method that was there before', () => {
        const greeter = new Greeter();
        const own = (name: string) => `hi ${name}`;
        greeter.greet = own;
        const restore = replaceMethod(greeter, 'greet', () => () => 'replaced');
        restore();
        expect(greeter.greet).toBe(own);
    });

    it('turns into a pass-through when something wrapped it afterwards', () => {
        const greeter = new Greeter();
        const restore = replaceMethod(greeter, 'greet', () => () => 'replaced');
        const ours = greeter.greet;
        greeter.greet = (name: string) => `[${ours.call(greeter, name)}]`;
        restore();
        expect(greeter.greet('Ann')).toBe('[hello Ann]');
    });
});
