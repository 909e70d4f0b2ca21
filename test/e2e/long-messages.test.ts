/**
 * The cap on a message is in characters, as the reader sees them, not in bytes: what that means on
 * the wire. apify-client brotli-compresses a body of 1 KiB or more (measured in UTF-8 bytes), so a
 * 500-character message in plain ASCII goes uncompressed, and one in CJK or emoji goes compressed
 * and still lands whole. Real apify-client, real emulator.
 */

import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApifyApiTransport } from '../../src/delivery/apify-transport.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

let emu: PlatformEmulator;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
});

afterEach(async () => {
    await emu.close();
});

/** The body apify-client sends for a terminal message, in UTF-8 bytes, before compression. */
const bodyBytes = (message: string) =>
    Buffer.byteLength(JSON.stringify({ statusMessage: message, isStatusMessageTerminal: true }));

describe('a message at the 500-character cap', () => {
    it.each([
        ['ASCII', 'x', undefined],
        ['CJK', '進', 'br'],
        ['emoji', '😀', 'br'],
    ])('in %s: lands whole; compressed: %s', async (_, char, encoding) => {
        const transport = new ApifyApiTransport({ runId: emu.runId, token: emu.token, baseUrl: emu.url });
        const reporter = new ProgressReporter({ transport, handleExit: false, persistStateKey: false });
        const text = char.repeat(600);
        await expect(reporter.finish(text)).resolves.toBe('delivered');

        const sent = emu.run.statusMessage ?? '';
        expect(Array.from(sent)).toHaveLength(500);
        expect(sent).toBe(`${char.repeat(499)}…`);
        const put = emu.timeline.find((entry) => entry.method === 'PUT');
        expect(put?.contentEncoding).toBe(encoding);
        // 554 bytes in ASCII; about 1.5 KB in CJK and 2 KB in emoji, 3 and 4 bytes a character.
        const bytes = bodyBytes(sent);
        if (encoding) expect(bytes).toBeGreaterThanOrEqual(1024);
        else expect(bytes).toBeLessThan(1024);
        process.stdout.write(`${_}: ${bytes} bytes before compression, content-encoding ${encoding ?? 'none'}\n`);
    });
});
