import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';
import { until } from './helpers/http.js';

// The SDK reads its configuration from process.env once, so this file sets it before importing the SDK
// and owns the SDK's global state; vitest gives each test file its own module graph.
let emu: PlatformEmulator;
let savedEnv: NodeJS.ProcessEnv;
let Actor: typeof import('apify').Actor;

beforeAll(async () => {
    emu = await PlatformEmulator.start();
    savedEnv = { ...process.env };
    // PlatformEventManager (the websocket) is used only with APIFY_IS_AT_HOME; locally the SDK uses
    // LocalEventManager and never opens ACTOR_EVENTS_WEBSOCKET_URL.
    Object.assign(process.env, emu.env(), { APIFY_IS_AT_HOME: '1' });
    const sdk = await import('apify');
    sdk.log.setLevel(sdk.log.LEVELS.WARNING);
    Actor = sdk.Actor;
    // gracefulShutdown: false, or the `aborting` event makes the SDK call process.exit().
    await Actor.init({ gracefulShutdown: false });
});

afterAll(async () => {
    await Actor?.exit({ exit: false });
    for (const key of Object.keys(process.env)) {
        if (!(key in savedEnv)) delete process.env[key];
    }
    Object.assign(process.env, savedEnv);
    await emu.close();
});

describe('the real SDK against the emulator', () => {
    it('connects to the events websocket and delivers platform events to Actor.on()', async () => {
        await until(() => emu.eventClients() === 1, 'the SDK to connect');
        const aborting = new Promise((resolve) => Actor.on('aborting', resolve));
        emu.sendEvent('aborting');
        expect(await aborting).toEqual({});

        const persisted = new Promise((resolve) => Actor.on('persistState', resolve));
        emu.sendEvent('migrating');
        // The SDK follows `migrating` with its own persistState({isMigrating: true}).
        expect(await persisted).toEqual({ isMigrating: true });
    });

    it('delivers Actor.setStatusMessage as a PUT (followed by the GET the SDK always adds)', async () => {
        // The emulator is shared by the tests of this file, in any order: only what this one sent counts.
        const before = emu.statusMessages().length;
        await Actor.setStatusMessage('12 of 40 pages', { isStatusMessageTerminal: false });
        expect(emu.statusMessages().slice(before)).toEqual([
            expect.objectContaining({ message: '12 of 40 pages', terminal: false }),
        ]);
        expect(emu.timeline.slice(-2).map((entry) => entry.method)).toEqual(['PUT', 'GET']);
        // `level` goes on the wire only when the caller passes one (Actor.exit() does); the API ignores it.
        expect(emu.timeline.at(-2)?.body).toEqual({ statusMessage: '12 of 40 pages', isStatusMessageTerminal: false });
    });

    it('delivers ApifyClient#setStatusMessage, which reads ACTOR_RUN_ID', async () => {
        const client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
        const before = emu.statusMessages().length;
        await client.setStatusMessage('Done: 40 of 40 pages', { isStatusMessageTerminal: true });
        expect(emu.statusMessages().slice(before)).toEqual([
            expect.objectContaining({ message: 'Done: 40 of 40 pages', terminal: true }),
        ]);
        expect(emu.run.isStatusMessageTerminal).toBe(true);
    });
});
