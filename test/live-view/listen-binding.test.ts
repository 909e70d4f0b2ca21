/**
 * Which `listen()` calls ask for the live view's address (listen-binding.ts): those Linux would
 * refuse with `EADDRINUSE` while the live view listens; the others leave it alone.
 */
import { describe, expect, it } from 'vitest';
import { bindingOf, overlaps } from '../../src/live-view/listen-binding.js';

const on = (host: string | undefined, ipv6Only = false) => ({ port: 4321, host, ipv6Only });

describe('bindingOf', () => {
    it("reads a listen() call's arguments as Node does", () => {
        expect(bindingOf([4321])).toEqual(on(undefined));
        expect(bindingOf(['4321', '127.0.0.1', () => undefined])).toEqual(on('127.0.0.1'));
        expect(bindingOf([4321, 511])).toEqual(on(undefined));
        expect(bindingOf([{ port: 4321, host: '::', ipv6Only: true }])).toEqual(on('::', true));
    });

    it('has nothing to say of port 0, a pipe or a handle', () => {
        expect(bindingOf([0])).toBeUndefined();
        expect(bindingOf([])).toBeUndefined();
        expect(bindingOf(['/tmp/actor.sock'])).toBeUndefined();
        expect(bindingOf([{ path: '/tmp/actor.sock' }])).toBeUndefined();
        expect(bindingOf([{ fd: 3 }])).toBeUndefined();
    });
});

describe('overlaps', () => {
    it.each([
        [undefined, '127.0.0.1'],
        ['::', '127.0.0.1'],
        ['0.0.0.0', '127.0.0.1'],
        ['0.0.0.0', undefined],
        ['127.0.0.1', '127.0.0.1'],
        ['::1', '0:0:0:0:0:0:0:1'],
        ['localhost', '127.0.0.1'], // a name binds an address known only later: assume it may be this one
    ])('%s and %s conflict', (a, b) => {
        expect(overlaps(on(a), on(b))).toBe(true);
        expect(overlaps(on(b), on(a))).toBe(true);
    });

    it.each([
        ['127.0.0.2', '127.0.0.1'],
        ['::1', '127.0.0.1'],
        ['0.0.0.0', '::1'],
    ])('%s and %s do not', (a, b) => {
        expect(overlaps(on(a), on(b))).toBe(false);
        expect(overlaps(on(b), on(a))).toBe(false);
    });

    it('an IPv6-only wildcard leaves IPv4 alone', () => {
        expect(overlaps(on('::', true), on('127.0.0.1'))).toBe(false);
        expect(overlaps(on('::', true), on('::1'))).toBe(true);
    });
});
