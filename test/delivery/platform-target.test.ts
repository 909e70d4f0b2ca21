/** The API base URL, read once for the reporter's target and for the several-runs client. */
import { describe, expect, it } from 'vitest';
import { apiBaseUrlFromEnv, readPlatformTarget } from '../../src/delivery/platform-target.js';

describe('apiBaseUrlFromEnv', () => {
    it('defaults to the public API', () => {
        expect(apiBaseUrlFromEnv({})).toBe('https://api.apify.com');
        expect(apiBaseUrlFromEnv({ APIFY_API_BASE_URL: '' })).toBe('https://api.apify.com');
    });

    it('drops trailing slashes and a trailing /v2', () => {
        expect(apiBaseUrlFromEnv({ APIFY_API_BASE_URL: 'http://127.0.0.1:8010//' })).toBe('http://127.0.0.1:8010');
        expect(apiBaseUrlFromEnv({ APIFY_API_BASE_URL: 'http://127.0.0.1:8010/v2/' })).toBe('http://127.0.0.1:8010');
    });

    it('is the base URL readPlatformTarget() gives', () => {
        const env = { ACTOR_RUN_ID: 'run1', APIFY_TOKEN: 't', APIFY_API_BASE_URL: 'http://localhost:1/v2' };
        expect(readPlatformTarget(env)).toEqual({ runId: 'run1', token: 't', baseUrl: 'http://localhost:1' });
    });
});
