import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PlatformEmulator } from '../src/index.js';
import { until } from './helpers/http.js';

let emu: PlatformEmulator;
const sockets: WebSocket[] = [];

beforeEach(async () => {
    emu = await PlatformEmulator.start();
});

afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await emu.close();
});

function connect(url = emu.env().ACTOR_EVENTS_WEBSOCKET_URL ?? ''): WebSocket {
    const socket = new WebSocket(url);
    sockets.push(socket);
    return socket;
}

/**
 * Resolves once the client's side of the handshake is done too. The emulator counts a client as soon
 * as it has upgraded the connection, which on a loaded machine can be before the client sees it
 * open; closing it then throws "WebSocket was closed before the connection was established".
 */
function opened(socket: WebSocket): Promise<void> {
    if (socket.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => socket.once('open', () => resolve()));
}

function nextMessage(socket: WebSocket): Promise<{ text: string; isBinary: boolean }> {
    return new Promise((resolve) => {
        socket.once('message', (data, isBinary) => resolve({ text: String(data), isBinary }));
    });
}

describe('events websocket', () => {
    it('sends {name, data} text frames to every connected client, without a token', async () => {
        const first = connect();
        const second = connect();
        await until(() => emu.eventClients() === 2, 'two websocket clients');

        const received = Promise.all([nextMessage(first), nextMessage(second)]);
        emu.sendEvent('migrating', { reason: 'test' });
        for (const message of await received) {
            expect(message.isBinary).toBe(false);
            expect(JSON.parse(message.text)).toEqual({ name: 'migrating', data: { reason: 'test' } });
        }
    });

    it('fills in the data the SDK and Crawlee listeners destructure', async () => {
        const socket = connect();
        await until(() => emu.eventClients() === 1, 'a websocket client');

        const persist = nextMessage(socket);
        emu.sendEvent('persistState');
        expect(JSON.parse((await persist).text)).toEqual({ name: 'persistState', data: { isMigrating: false } });

        const aborting = nextMessage(socket);
        emu.sendEvent('aborting');
        expect(JSON.parse((await aborting).text)).toEqual({ name: 'aborting', data: {} });
    });

    it('counts clients as they leave', async () => {
        const socket = connect();
        await opened(socket);
        await until(() => emu.eventClients() === 1, 'a websocket client');
        socket.close();
        await until(() => emu.eventClients() === 0, 'the client to leave');
    });

    it('refuses websocket connections on other paths', async () => {
        const socket = connect(`${emu.url.replace('http', 'ws')}/v2/actor-runs/other/events`);
        const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
        expect(error.message).toMatch(/404/);
        expect(emu.eventClients()).toBe(0);
    });

    it('disconnects clients on close()', async () => {
        const socket = connect();
        await opened(socket);
        await until(() => emu.eventClients() === 1, 'a websocket client');
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        await emu.close();
        await closed;
    });
});
