import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshStorageDir, startFixture } from '../helpers/child-actor.js';
import { until } from '../helpers/http.js';

let emulator: PlatformEmulator;

beforeAll(async () => {
    emulator = await PlatformEmulator.start();
});

afterAll(async () => {
    await emulator?.close();
});

function recordIn(storage: string): Record<string, unknown> | undefined {
    try {
        return JSON.parse(readFileSync(join(storage, 'key_value_stores', 'default', 'PROGRESS.json'), 'utf8'));
    } catch {
        return undefined; // not there yet, or being written
    }
}

it('is written at once at a migration, holding the notice, and the next start ends it with the terminal message', async () => {
    const storage = freshStorageDir();
    const env = { CRAWLEE_STORAGE_DIR: storage, CRAWLEE_PURGE_ON_START: '0' };
    const first = startFixture(emulator, 'waiting-actor', ['4'], env);
    await first.ready;
    // The first change is written at once, whatever the interval (30 s here).
    await until(() => recordIn(storage)?.done === 4, 'the first record');
    expect(recordIn(storage)).toMatchObject({ status: 'running', done: 4, total: 10, terminal: false });

    await emulator.waitFor(() => emulator.eventClients() > 0);
    emulator.sendEvent('migrating', {});
    await until(() => recordIn(storage)?.status === 'migrating', 'the record of the migration');
    expect(recordIn(storage)).toMatchObject({
        status: 'migrating',
        done: 4,
        message: 'Migrating to another server, will resume at 4 of 10 pages done',
        terminal: false,
    });
    first.child.kill('SIGTERM');
    await first.exited;

    const second = startFixture(emulator, 'waiting-actor', ['3', 'finish'], env);
    expect((await second.exited).code).toBe(0);
    const last = emulator.statusMessages().at(-1);
    expect(last?.terminal).toBe(true);
    expect(recordIn(storage)).toMatchObject({
        status: 'finished',
        done: 7,
        total: 10,
        message: last?.message,
        terminal: true,
    });
});
