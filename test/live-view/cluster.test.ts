/**
 * The live view in a cluster's worker (node:cluster), in real child processes: the cluster's primary
 * binds a port for all its workers, so a live view listening there would take the port from the
 * other workers' own servers (EADDRINUSE, a crash) or answer for their pages. In a worker it does
 * not listen: one warning pointing to `liveViewHandler()`, and every worker's own server listens.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freePort } from '../helpers/http.js';

it("serves no page from a cluster's worker, and leaves the port to the Actor's own servers", async () => {
    const port = await freePort();
    const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, '../fixtures/live-view-cluster.ts')],
        {
            env: { ...process.env, ACTOR_WEB_SERVER_PORT: String(port), APIFY_IS_AT_HOME: '' },
            stdio: ['ignore', 'pipe', 'pipe'],
        },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
        output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).not.toContain('EADDRINUSE');
    expect(code, output).toBe(0);
    const lines = output.split('\n');
    for (const id of [1, 2]) {
        expect(lines, output).toContain(`OWN ${id} ${port}`);
        expect(lines, output).toContain(`URL ${id} none`);
        const warnings = lines.filter((line) => line.startsWith(`WARNING ${id} Live view:`));
        expect(warnings, output).toHaveLength(1);
        expect(warnings[0]).toContain('cluster');
        expect(warnings[0]).toContain('reporter.liveViewHandler()');
    }
}, 60_000);
