/**
 * The command line of `actor-progress-emulator`, read into the emulator's options: a bad argument is
 * an error that names it and says what it takes, never a stack trace. Pure.
 */
import type { EmulatorOptions } from './emulator-options.js';

export const COMMAND = 'actor-progress-emulator';

export const USAGE = `Usage: ${COMMAND} [options]

A local stand-in for the Apify API. Prints the environment to point an Actor at it (export lines),
then every status message as the Console would show it, until Ctrl-C.

Options:
  --port <number>    port to listen on, on 127.0.0.1; 0 takes any free port (default: 0)
  --token <token>    the API token it accepts (default: a random token)
  --run-id <id>      the id of the run it starts with (default: a random 17-character id)
  --no-keep-alive    close every connection after its answer (default: keep-alive on)
  -h, --help         show this help and exit
`;

/** What the command line asks for: the help, the emulator with these options, or an error to say. */
export type CliRequest =
    | { kind: 'help' }
    | { kind: 'start'; options: EmulatorOptions }
    | { kind: 'error'; message: string };

/** The options that take a value, and what a value must be. */
const VALUED = {
    '--port': 'a port number from 0 to 65535 (0: any free port)',
    '--token': 'a token (not empty)',
    '--run-id': 'a run id (not empty, no "/")',
} as const;
type ValuedOption = keyof typeof VALUED;

const isValued = (name: string): name is ValuedOption => Object.hasOwn(VALUED, name);

/** `value` checked for `option`, or the error that says what is wrong with it. */
function checkValue(option: ValuedOption, value: string): string | undefined {
    const bad = `${option} takes ${VALUED[option]}, got ${JSON.stringify(value)}`;
    if (option === '--port') {
        const port = Number(value);
        return /^\d+$/.test(value) && port <= 65_535 ? undefined : bad;
    }
    if (option === '--run-id') return value === '' || value.includes('/') ? bad : undefined;
    return value === '' ? bad : undefined;
}

/** Reads `argv` (the arguments after the command). */
export function readCommandLine(argv: readonly string[]): CliRequest {
    const values = new Map<ValuedOption, string>();
    let keepAlive = true;
    for (let at = 0; at < argv.length; at++) {
        const argument = argv[at] ?? '';
        if (argument === '--help' || argument === '-h') return { kind: 'help' };
        if (argument === '--no-keep-alive') {
            keepAlive = false;
            continue;
        }
        const equals = argument.indexOf('=');
        const name = argument.startsWith('--') && equals !== -1 ? argument.slice(0, equals) : argument;
        if (!isValued(name)) {
            return {
                kind: 'error',
                message: argument.startsWith('-')
                    ? `unknown option ${JSON.stringify(name)}`
                    : `unexpected argument ${JSON.stringify(argument)} (every option starts with --)`,
            };
        }
        let value: string | undefined;
        if (equals !== -1 && name !== argument) {
            value = argument.slice(equals + 1);
        } else {
            value = argv[at + 1];
            // "--token --port 1": the next option is not a value.
            if (value === undefined || value.startsWith('--')) {
                return { kind: 'error', message: `${name} needs a value: ${VALUED[name]}` };
            }
            at++;
        }
        const problem = checkValue(name, value);
        if (problem) return { kind: 'error', message: problem };
        values.set(name, value);
    }
    const options: EmulatorOptions = {};
    const port = values.get('--port');
    if (port !== undefined) options.port = Number(port);
    const token = values.get('--token');
    if (token !== undefined) options.token = token;
    const runId = values.get('--run-id');
    if (runId !== undefined) options.runId = runId;
    if (!keepAlive) options.keepAlive = false;
    return { kind: 'start', options };
}
