#!/usr/bin/env node
import { COMMAND, readCommandLine, USAGE } from './cli-args.js';
/**
 * `npx actor-progress-emulator [--port 8080 --token T --run-id ID --no-keep-alive]` (the package's
 * bin; `npm run emulator -- ...` in this repository): a platform emulator for a manual run. Prints the
 * environment to point an Actor at it, then every status message as it arrives, until Ctrl-C.
 * `--help` says the options; a bad argument, or a port that is taken, is one line naming what is
 * wrong (exit code 2 for the command line, 1 when the emulator cannot start), never a stack trace.
 */
import { PlatformEmulator } from './emulator.js';
import { formatEntries, formatStatusMessages } from './format.js';

const request = readCommandLine(process.argv.slice(2));
if (request.kind === 'help') {
    process.stdout.write(USAGE);
    process.exit(0);
}
if (request.kind === 'error') {
    process.stderr.write(`${COMMAND}: ${request.message}.\nRun ${COMMAND} --help for the options.\n`);
    process.exit(2);
}

/** Why the emulator did not start, in one line: a taken port is the likely one. */
function startError(error: unknown): string {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    const port = request.kind === 'start' ? request.options.port : undefined;
    if (code === 'EADDRINUSE')
        return `port ${port} on 127.0.0.1 is in use: choose another with --port, or 0 for any free port`;
    if (code === 'EACCES') return `port ${port} on 127.0.0.1 may not be used by this user: choose one above 1023`;
    return `could not start: ${typeof message === 'string' ? message : String(error)}`;
}

let emulator: PlatformEmulator;
try {
    emulator = await PlatformEmulator.start(request.options);
} catch (error) {
    process.stderr.write(`${COMMAND}: ${startError(error)}.\n`);
    process.exit(1);
}
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
