import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartRunHook } from '../../src/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * A `startRun` hook that runs the fixture named like the Actor (`platform-actor`) the way the platform
 * runs an Actor: its own process, the run's environment, a storage folder of its own. Each run's
 * process is kept so a test can kill it.
 */
export function fixtureLauncher(): { startRun: StartRunHook; processes: Map<string, ChildProcess> } {
    const processes = new Map<string, ChildProcess>();
    const startRun: StartRunHook = (run) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, `${run.actorId}.ts`)], {
            env: {
                ...process.env,
                ...run.env(),
                CRAWLEE_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'emulator-run-')),
                APIFY_LOG_LEVEL: 'WARNING',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        processes.set(run.id, child);
        return child;
    };
    return { startRun, processes };
}
