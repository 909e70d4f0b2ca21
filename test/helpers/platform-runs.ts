import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EmulatedRun, StartRunHook } from '@actor-progress/emulator';
import { freshStorageDir } from './child-actor.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** Runs `test/fixtures/<name>.ts` as the platform runs an Actor: its own process, the run's environment. */
export function spawnRun(name: string, run: EmulatedRun, env: Record<string, string> = {}): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, `${name}.ts`)], {
        env: {
            ...process.env,
            ...run.env(),
            CRAWLEE_STORAGE_DIR: freshStorageDir(),
            APIFY_LOG_LEVEL: 'WARNING',
            ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
}

/**
 * A `startRun` hook that runs the fixture named like the Actor (`platform-actor`, `platform-worker`),
 * and keeps each run's process so a test can kill it.
 */
export function fixtureLauncher(): { startRun: StartRunHook; processes: Map<string, ChildProcess> } {
    const processes = new Map<string, ChildProcess>();
    const startRun: StartRunHook = (run) => {
        const child = spawnRun(run.actorId, run);
        processes.set(run.id, child);
        return child;
    };
    return { startRun, processes };
}
