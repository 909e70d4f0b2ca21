import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Waits until `condition()` holds, checking every few milliseconds; for state the emulator exposes as a
 * number (websocket clients) rather than a timeline entry. Fails with `what` after a generous bound.
 */
export async function until(
    condition: () => boolean,
    what: string | (() => string),
    timeoutMs = 10_000,
): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline)
            throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

/** A port nothing listens on now (one the system just gave out and took back). */
export async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
}
