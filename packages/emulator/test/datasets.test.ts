import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';
import { apiError, rawRequest } from './helpers/http.js';

let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start();
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
});

afterEach(async () => {
    await emu.close();
});

describe('datasets', () => {
    it('take one object or an array of objects, in order, and count them', async () => {
        const { id } = await client.datasets().getOrCreate('results');
        const dataset = client.dataset(id);
        await dataset.pushItems({ n: 1 });
        await dataset.pushItems([{ n: 2 }, { n: 3 }]);
        expect(await dataset.get()).toMatchObject({ id, name: 'results', itemCount: 3 });
        expect(emu.dataset('results')?.items()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
        expect(
            emu.timeline.filter((entry) => entry.kind === 'dataset_items_post').map((entry) => entry.status),
        ).toEqual([201, 201]);
    });

    it('list items with offset, limit and desc, and the pagination headers apify-client reads', async () => {
        const { id } = await client.datasets().getOrCreate('paged');
        await client.dataset(id).pushItems(Array.from({ length: 10 }, (_, n) => ({ n, secret: 'x' })));
        const page = await client.dataset(id).listItems({ offset: 2, limit: 3, omit: ['secret'] });
        expect(page).toMatchObject({ total: 10, offset: 2, limit: 3, count: 3, items: [{ n: 2 }, { n: 3 }, { n: 4 }] });
        const last = await client.dataset(id).listItems({ desc: true, limit: 2, fields: ['n'] });
        expect(last.items).toEqual([{ n: 9 }, { n: 8 }]);
        expect((await client.dataset(id).listItems()).items).toHaveLength(10);
    });

    it('refuse what is not items, and formats other than JSON (501)', async () => {
        const { id } = await client.datasets().getOrCreate('strict');
        const headers = { Authorization: `Bearer ${emu.token}`, 'Content-Type': 'application/json' };
        for (const body of ['[1, 2]', '"text"', '{"a": ']) {
            const res = await rawRequest(`${emu.url}/v2/datasets/${id}/items`, { method: 'POST', headers, body });
            expect(res, body).toMatchObject({ status: 400, json: apiError('invalid-input') });
        }
        expect(emu.dataset(id)?.itemCount).toBe(0);
        const csv = await rawRequest(`${emu.url}/v2/datasets/${id}/items?format=csv`, { headers });
        expect(csv).toMatchObject({ status: 501, json: apiError('not-implemented') });
    });

    it("serve a run's default dataset under /v2/actor-runs/:runId/dataset", async () => {
        const run = await emu.createRun();
        await client
            .run(run.id)
            .dataset()
            .pushItems([{ page: 1 }]);
        expect((await client.run(run.id).dataset().listItems()).items).toEqual([{ page: 1 }]);
        expect(emu.dataset(run.info.defaultDatasetId)?.itemCount).toBe(1);
    });
});
