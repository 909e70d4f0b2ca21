import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Publisher } from '../../src/delivery/publisher.js';
import { ControlledTransport, testPublisher } from '../helpers/controlled-transport.js';

let text = '';
let transport: ControlledTransport;

function publisher(): Publisher {
    return testPublisher(transport, () => text);
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
    vi.useFakeTimers();
    transport = new ControlledTransport();
    text = '';
});
afterEach(() => {
    vi.useRealTimers();
});

describe('sendNow', () => {
    it('does not wait for the interval', async () => {
        const p = publisher();
        text = '1 of 10';
        p.request();
        await settle();
        transport.last().resolve();
        text = '2 of 10';
        p.request(); // waits for its slot, 5 s away
        await settle();
        const sent = p.sendNow('Migrating, will resume at 2 of 10');
        await settle();
        expect(transport.messages).toEqual(['1 of 10', 'Migrating, will resume at 2 of 10']);
        transport.last().resolve();
        await sent;
    });

    it('waits for the call in flight, so it never lands before an older message', async () => {
        const p = publisher();
        text = '1 of 10';
        p.request();
        await settle();
        const sent = p.sendNow('Migrating');
        await settle();
        expect(transport.open).toBe(1);
        expect(transport.messages).toEqual(['1 of 10']);
        transport.last().resolve();
        await settle();
        expect(transport.messages).toEqual(['1 of 10', 'Migrating']);
        expect(transport.maxOpen).toBe(1);
        transport.last().resolve();
        await sent;
    });

    it('resolves only once its call is over, and skips text equal to the last delivered one', async () => {
        const p = publisher();
        let resolved = false;
        void p.sendNow('Migrating').then(() => {
            resolved = true;
        });
        await settle();
        expect(resolved).toBe(false);
        transport.last().resolve();
        await settle();
        expect(resolved).toBe(true);
        await p.sendNow('Migrating');
        expect(transport.messages).toEqual(['Migrating']);
    });

    it('a later sendNow replaces one not yet sent; both callers are released', async () => {
        const p = publisher();
        text = '1 of 10';
        p.request();
        await settle();
        const first = p.sendNow('first');
        const second = p.sendNow('second');
        transport.last().resolve();
        await settle();
        expect(transport.messages).toEqual(['1 of 10', 'second']);
        transport.last().resolve();
        await Promise.all([first, second]);
    });

    it('the terminal message waits for it and closes the publisher; a sendNow after that is a no-op', async () => {
        const p = publisher();
        const sent = p.sendNow('Migrating');
        await settle();
        const ending = p.terminate('Finished');
        await settle();
        expect(transport.messages).toEqual(['Migrating']);
        transport.last().resolve();
        await settle();
        expect(transport.messages).toEqual(['Migrating', 'Finished']);
        transport.last().resolve();
        await expect(ending).resolves.toBe('delivered');
        await sent;
        await p.sendNow('late');
        expect(transport.messages).toEqual(['Migrating', 'Finished']);
    });
});
