#!/usr/bin/env node
/**
 * `npx actor-progress-emulator [--port 8080 --token T --run-id ID --no-keep-alive]` (the package's
 * bin; `npm run emulator -- ...` in this repository): a platform emulator for a manual run. Prints the
 * environment to point an Actor at it, then every status message as it arrives, until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { PlatformEmulator } from './emulator.js';
import type { EmulatorOptions } from './emulator-options.js';
import { formatEntries, formatStatusMessages } from './format.js';

const { values } = parseArgs({
    options: {
        port: { type: 'string' },
        token: { type: 'string' },
        'run-id': { type: 'string' },
        'no-keep-alive': { type: 'boolean' },
    },
});

const options: EmulatorOptions = { port: values.port === undefined ? 0 : Number(values.port) };
if (values.token !== undefined) options.token = values.token;
if (values['run-id'] !== undefined) options.runId = values['run-id'];
if (values['no-keep-alive']) options.keepAlive = false;

const emulator = await PlatformEmulator.start(options);
console.log(`# Platform emulator listening on ${emulator.url}. Point an Actor at it with:`);
for (const [key, value] of Object.entries(emulator.env())) console.log(`export ${key}='${value}'`);
console.log('# Status messages as the Console would show them (Ctrl-C to stop):');

let stopping = false;
const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

// waitFor is event-driven, so this loop sleeps until the next request; close() ends it.
let printed = 0;
let shown = 0;
const neverTimesOut = 2 ** 31 - 1;
while (!stopping) {
    try {
        await emulator.waitFor((entries) => entries.length > printed, neverTimesOut);
    } catch {
        break;
    }
    for (const entry of emulator.timeline.slice(printed)) {
        if (entry.status < 200 || entry.status >= 300) console.log(`# ${formatEntries([entry])}`);
    }
    // Accepted status messages come from statusMessages(), which knows the run's terminal flag.
    const messages = emulator.statusMessages();
    if (messages.length > shown) console.log(formatStatusMessages(messages.slice(shown)));
    printed = emulator.timeline.length;
    shown = messages.length;
}
console.log('# Emulator closed.');
