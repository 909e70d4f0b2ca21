/**
 * The emulator's command line as the package ships it (`bin`: actor-progress-emulator ->
 * dist/cli.js): compiled with the package's build settings, run by its path the way npm's bin
 * link runs it (the shebang picks Node), pointed at with the environment it prints, stopped by Ctrl+C.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
/** Inside the repository, so that the compiled code finds the package's dependencies (ws) as it would installed. */
const OUT = join(ROOT, 'test-artifacts/emulator-cli');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>;
    files?: string[];
};
const BIN = pkg.bin?.['actor-progress-emulator'];

let cli: string;
let child: ChildProcess | undefined;

beforeAll(() => {
    // dist/ is built only when the package is packed, and may be missing or older than the sources:
    // this compiles src/ with the same settings as `npm run build`, into a folder of its own laid out
    // as dist/ is.
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(
        join(OUT, 'tsconfig.json'),
        JSON.stringify({
            extends: '../../tsconfig.build.json',
            compilerOptions: { rootDir: '../../src', outDir: './dist', declaration: false },
            include: ['../../src'],
        }),
    );
    execFileSync(process.execPath, [
        createRequire(import.meta.url).resolve('typescript/bin/tsc'),
        '-p',
        join(OUT, 'tsconfig.json'),
    ]);
    cli = join(OUT, BIN ?? 'no bin in package.json');
    chmodSync(cli, 0o755); // what npm does to a bin when it installs the package
}, 60_000);

afterAll(() => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(OUT, { recursive: true, force: true });
});

describe('actor-progress-emulator (the package bin)', () => {
    it('is dist/cli.js, a file the package ships, with a shebang for Node', () => {
        expect(BIN).toBe('./dist/cli.js');
        expect(pkg.files).toContain('dist');
        expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    });

    it('prints the environment to point an Actor at it, shows the status messages it gets, and closes on Ctrl+C', async () => {
        const started = spawn(cli, ['--token', 'cli-token', '--run-id', 'cliRun'], {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = started;
        let output = '';
        const waiting: (() => void)[] = [];
        const take = (chunk: string) => {
            output += chunk;
            for (const check of waiting) check();
        };
        started.stdout?.setEncoding('utf8').on('data', take);
        started.stderr?.setEncoding('utf8').on('data', take);
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
            started.once('error', fail); // e.g. not executable, or no interpreter for its first line
            started.once('close', (code, signal) => done({ code, signal }));
        });
        exited.catch(() => undefined); // awaited below
        /** Resolves once the output holds `pattern`; fails when the process ends first. */
        const printed = (pattern: RegExp) =>
            Promise.race([
                new Promise<void>((done) => {
                    const check = () => {
                        if (pattern.test(output)) done();
                    };
                    waiting.push(check);
                    check();
                }),
                exited.then((end) => {
                    throw new Error(`ended (${JSON.stringify(end)}) before printing ${pattern}:\n${output}`);
                }),
            ]);

        await printed(/# Status messages as the Console would show them/);
        const env = Object.fromEntries([...output.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
        expect(env).toMatchObject({ APIFY_TOKEN: 'cli-token', ACTOR_RUN_ID: 'cliRun' });
        expect(env.APIFY_API_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

        // An Actor pointed at it with that environment: its status message shows up in the output.
        const client = new ApifyClient({ baseUrl: env.APIFY_API_BASE_URL, token: env.APIFY_TOKEN, maxRetries: 0 });
        await client.run(env.ACTOR_RUN_ID ?? '').update({ statusMessage: '3 of 10 pages done' });
        await printed(/3 of 10 pages done/);

        started.kill('SIGINT');
        expect(await exited, output).toEqual({ code: 0, signal: null });
        expect(output).toMatch(/# Emulator closed\.\n$/);
    });

    it('says its options with --help, and exits 0', () => {
        const help = runToEnd(['--help']);
        expect(help, help.stderr).toMatchObject({ code: 0, stderr: '' });
        expect(help.stdout).toMatch(/^Usage: actor-progress-emulator \[options\]\n/);
        for (const option of ['--port <number>', '--token <token>', '--run-id <id>', '--no-keep-alive', '-h, --help']) {
            expect(help.stdout).toContain(option);
        }
        expect(runToEnd(['-h']).stdout).toBe(help.stdout);
    });

    it('names a bad argument and what it takes, in one line with no stack trace, and exits 2', () => {
        const cases: [string[], string][] = [
            [['--port', 'abc'], '--port takes a port number from 0 to 65535 (0: any free port), got "abc"'],
            [['--port=70000'], '--port takes a port number from 0 to 65535 (0: any free port), got "70000"'],
            [['--port'], '--port needs a value: a port number from 0 to 65535 (0: any free port)'],
            [['--token', '--port', '1'], '--token needs a value: a token (not empty)'],
            [['--run-id', 'a/b'], '--run-id takes a run id (not empty, no "/"), got "a/b"'],
            [['--prot', '8080'], 'unknown option "--prot"'],
            [['8080'], 'unexpected argument "8080" (every option starts with --)'],
        ];
        for (const [args, message] of cases) {
            const ended = runToEnd(args);
            expect(ended, args.join(' ')).toEqual({
                code: 2,
                stdout: '',
                stderr: `actor-progress-emulator: ${message}.\nRun actor-progress-emulator --help for the options.\n`,
            });
        }
    });

    it('says so in one line when its port is taken, and exits 1', async () => {
        const taken = createServer();
        await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
        const port = (taken.address() as { port: number }).port;
        try {
            expect(runToEnd(['--port', String(port)])).toEqual({
                code: 1,
                stdout: '',
                stderr: `actor-progress-emulator: port ${port} on 127.0.0.1 is in use: choose another with --port, or 0 for any free port.\n`,
            });
        } finally {
            await new Promise((closed) => taken.close(closed));
        }
    });
});

/** Runs the command with `args` until it exits by itself (a bad command line, --help), within 20 s. */
function runToEnd(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(cli, args, { encoding: 'utf8', timeout: 20_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
