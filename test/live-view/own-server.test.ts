/**
 * An Actor with the live view on that runs its own web server on the same port (Express, a Standby
 * Actor), in a real child process: the Actor's server wins, with one warning, and nothing crashes.
 */
import type { ChildProcess } from 'node:child_process';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixture } from '../helpers/child-actor.js';
import { freePort } from '../helpers/http.js';

let emulator: PlatformEmulator;
const started: ChildProcess[] = [];
beforeEach(async () => {
    emulator = await PlatformEmulator.start();
});
afterEach(async () => {
    for (const child of started.splice(0))
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator.close();
});

describe("the live view and the Actor's own server on one port", () => {
    it.each(['same-tick', 'later'])(
        "the Actor's server gets the port (it starts %s), with one warning pointing to liveViewHandler()",
        async (when) => {
            const port = await freePort();
            const run = startFixture(emulator, 'live-view-own-server', [when], {
                ACTOR_WEB_SERVER_PORT: String(port),
                APIFY_LOG_LEVEL: 'INFO',
            });
            started.push(run.child);
            const ready = await Promise.race([run.ready, run.exited.then(() => 'exited')]);
            expect(ready, run.output()).toBe(String(port));
            // The Actor's own server answers on its port, and serves the page where it mounted it.
            const own = await fetch(`http://127.0.0.1:${port}/`);
            expect(await own.text()).toBe('the Actor answers\n');
            const json = await fetch(`http://127.0.0.1:${port}/progress/progress.json`);
            expect(await json.json()).toMatchObject({ done: 3, total: 10 });
            run.child.kill('SIGUSR2');
            const result = await run.exited;
            expect(result.code, run.output()).toBe(0);
            const output = result.stdout + result.stderr;
            expect(output).not.toContain('EADDRINUSE');
            const warnings = output.split('\n').filter((line) => line.includes('Live view:') && line.includes('port'));
            expect(warnings, output).toHaveLength(1);
            expect(warnings[0]).toContain(`the Actor's own server listens on port ${port}`);
            expect(warnings[0]).toContain('reporter.liveViewHandler()');
            expect(emulator.run.statusMessage).toMatch(/^Finished: 3 of 10 pages done/);
        },
    );
});
