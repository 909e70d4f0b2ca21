import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, listenSettings, localUrl } from '../../src/live-view/settings.js';

const none = () => undefined;

describe('where the live view listens', () => {
    it('locally: 4321 on 127.0.0.1, no container URL', () => {
        expect(listenSettings({}, {}, none)).toEqual({
            port: DEFAULT_PORT,
            host: '127.0.0.1',
            containerUrl: undefined,
        });
        expect(DEFAULT_PORT).toBe(4321);
    });

    it('takes ACTOR_WEB_SERVER_PORT first, then APIFY_CONTAINER_PORT', () => {
        expect(listenSettings({}, { ACTOR_WEB_SERVER_PORT: '8080', APIFY_CONTAINER_PORT: '9090' }, none).port).toBe(
            8080,
        );
        expect(listenSettings({}, { APIFY_CONTAINER_PORT: '9090' }, none).port).toBe(9090);
    });

    it('the option wins over the environment; port 0 is any free port', () => {
        expect(listenSettings({ port: 0 }, { ACTOR_WEB_SERVER_PORT: '8080' }, none).port).toBe(0);
        expect(listenSettings({ host: '0.0.0.0' }, {}, none).host).toBe('0.0.0.0');
    });

    it('on the platform: all interfaces, and the container URL when listening on the port it gave', () => {
        const env = {
            APIFY_IS_AT_HOME: '1',
            ACTOR_WEB_SERVER_PORT: '4321',
            ACTOR_WEB_SERVER_URL: 'https://abc123.runs.apify.net',
        };
        expect(listenSettings({}, env, none)).toEqual({
            port: 4321,
            host: undefined,
            containerUrl: 'https://abc123.runs.apify.net',
        });
        // Another port is not what the container URL forwards to.
        expect(listenSettings({ port: 5000 }, env, none).containerUrl).toBeUndefined();
    });

    it('says once that a variable holds no port, and goes on to the next', () => {
        const warnings: string[] = [];
        const settings = listenSettings(
            {},
            { ACTOR_WEB_SERVER_PORT: 'http', APIFY_CONTAINER_PORT: '7000' },
            (message) => warnings.push(message),
        );
        expect(settings.port).toBe(7000);
        expect(warnings).toEqual(['Live view: ACTOR_WEB_SERVER_PORT="http" is not a port; ignored.']);
    });

    it('logs an address a person can open', () => {
        expect(localUrl('127.0.0.1', 4321)).toBe('http://127.0.0.1:4321/');
        expect(localUrl(undefined, 4321)).toBe('http://localhost:4321/');
        expect(localUrl('0.0.0.0', 80)).toBe('http://localhost:80/');
        expect(localUrl('::1', 4321)).toBe('http://[::1]:4321/');
    });
});
