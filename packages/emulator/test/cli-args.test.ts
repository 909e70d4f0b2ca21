/**
 * The emulator's command line read into options (cli-args.ts, pure): every option in both spellings,
 * and every bad argument named with what it takes. cli.test.ts runs the shipped command itself.
 */
import { describe, expect, it } from 'vitest';
import { readCommandLine } from '../src/cli-args.js';

describe('readCommandLine', () => {
    it('starts with the defaults when given nothing', () => {
        expect(readCommandLine([])).toEqual({ kind: 'start', options: {} });
    });

    it('reads every option, as "--name value" and as "--name=value"', () => {
        expect(
            readCommandLine(['--port', '8080', '--token', 'secret', '--run-id', 'run-1', '--no-keep-alive']),
        ).toEqual({
            kind: 'start',
            options: { port: 8080, token: 'secret', runId: 'run-1', keepAlive: false },
        });
        expect(readCommandLine(['--port=0', '--token=a=b', '--run-id=abc'])).toEqual({
            kind: 'start',
            options: { port: 0, token: 'a=b', runId: 'abc' },
        });
    });

    it('answers the help, wherever it is asked', () => {
        expect(readCommandLine(['--help'])).toEqual({ kind: 'help' });
        expect(readCommandLine(['--port', '1', '-h'])).toEqual({ kind: 'help' });
    });

    it.each([
        [['--port', 'abc'], '--port takes a port number from 0 to 65535 (0: any free port), got "abc"'],
        [['--port', '65536'], '--port takes a port number from 0 to 65535 (0: any free port), got "65536"'],
        [['--port=-1'], '--port takes a port number from 0 to 65535 (0: any free port), got "-1"'],
        [['--port'], '--port needs a value: a port number from 0 to 65535 (0: any free port)'],
        [['--token', '--port', '1'], '--token needs a value: a token (not empty)'],
        [['--token='], '--token takes a token (not empty), got ""'],
        [['--run-id', 'a/b'], '--run-id takes a run id (not empty, no "/"), got "a/b"'],
        [['--run-id='], '--run-id takes a run id (not empty, no "/"), got ""'],
        [['--prot', '80'], 'unknown option "--prot"'],
        [['--prot=80'], 'unknown option "--prot"'],
        [['-p'], 'unknown option "-p"'],
        [['8080'], 'unexpected argument "8080" (every option starts with --)'],
    ])('names what is wrong in %j', (argv, message) => {
        expect(readCommandLine(argv)).toEqual({ kind: 'error', message });
    });
});
