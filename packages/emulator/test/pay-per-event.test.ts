import { ApifyClient } from 'apify-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformEmulator } from '../src/index.js';
import { fixtureLauncher } from './helpers/fixture-runs.js';
import { apiError, rawRequest } from './helpers/http.js';

const PRICING = { events: { page: 0.5, 'apify-default-dataset-item': { priceUsd: 0.01, title: 'Result' } } };

let emu: PlatformEmulator;
let client: ApifyClient;

beforeEach(async () => {
    emu = await PlatformEmulator.start({ startRun: fixtureLauncher().startRun });
    client = new ApifyClient({ baseUrl: emu.url, token: emu.token, maxRetries: 0 });
});

afterEach(async () => {
    await emu.close();
});

/** A client with the run's own token: only the run itself charges its events. */
const runClient = (token: string) => new ApifyClient({ baseUrl: emu.url, token, maxRetries: 0 });

describe('a pay-per-event run', () => {
    it('serves its pricing, charged events and maximum on GET, and the maximum in its environment', async () => {
        const run = await emu.createRun({ pricing: PRICING, maxTotalChargeUsd: 2.5 });
        const info = await client.run(run.id).get();
        expect(info).toMatchObject({
            chargedEventCounts: {},
            options: expect.objectContaining({ maxTotalChargeUsd: 2.5 }),
            pricingInfo: {
                pricingModel: 'PAY_PER_EVENT',
                pricingPerEvent: {
                    actorChargeEvents: {
                        page: { eventTitle: 'page', eventDescription: 'page', eventPriceUsd: 0.5 },
                        'apify-default-dataset-item': expect.objectContaining({
                            eventTitle: 'Result',
                            eventPriceUsd: 0.01,
                        }),
                    },
                },
            },
        });
        expect(run.env()).toMatchObject({ ACTOR_MAX_TOTAL_CHARGE_USD: '2.5' });
        // A run of an Actor without prices has neither.
        const free = await emu.createRun();
        expect(free.info).not.toHaveProperty('pricingInfo');
        expect(free.info.options).not.toHaveProperty('maxTotalChargeUsd');
        expect(free.env()).not.toHaveProperty('ACTOR_MAX_TOTAL_CHARGE_USD');
    });

    it('charges events posted by the run itself, once per idempotency key, as apify-client sends them', async () => {
        const run = await emu.createRun({ pricing: PRICING, maxTotalChargeUsd: 1 });
        const own = runClient(run.token).run(run.id);
        await own.charge({ eventName: 'page' });
        await own.charge({ eventName: 'page', count: 2 });
        // A retry of the same charge (apify-client's own retries resend the key): charged once.
        await own.charge({ eventName: 'page', idempotencyKey: 'charge-1' });
        await own.charge({ eventName: 'page', idempotencyKey: 'charge-1' });
        // Above the maximum: the API does not check it (the SDK does), so the count goes on.
        expect(run.info.chargedEventCounts).toEqual({ page: 4 });
        const posts = run.timeline.filter((entry) => entry.kind === 'PostChargeRun');
        expect(posts.map((entry) => [entry.status, entry.body])).toEqual([
            [201, { eventName: 'page', count: 1 }],
            [201, { eventName: 'page', count: 2 }],
            [201, { eventName: 'page', count: 1 }],
            [201, { eventName: 'page', count: 1 }],
        ]);
        const raw = await rawRequest(`${emu.url}/v2/actor-runs/${run.id}/charge`, {
            method: 'POST',
            headers: {
                authorization: `Bearer ${run.token}`,
                'content-type': 'application/json',
                'idempotency-key': 'x',
            },
            body: JSON.stringify({ eventName: 'page', count: 1 }),
        });
        expect(raw).toMatchObject({ status: 201, json: {} });
        expect(run.info.chargedEventCounts).toEqual({ page: 5 });
    });

    it('refuses charges to a run that is not pay-per-event, of events it has no price for, from another token, or malformed', async () => {
        const run = await emu.createRun({ pricing: PRICING });
        const free = await emu.createRun();
        const charge = (runId: string, token: string, body: unknown) =>
            rawRequest(`${emu.url}/v2/actor-runs/${runId}/charge`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify(body),
            });
        expect(await charge(free.id, free.token, { eventName: 'page', count: 1 })).toMatchObject({
            status: 400,
            json: apiError('invalid-input'),
        });
        expect(await charge(run.id, run.token, { eventName: 'scrape', count: 1 })).toMatchObject({
            status: 400,
            json: apiError('invalid-input'),
        });
        expect(await charge(run.id, emu.token, { eventName: 'page', count: 1 })).toMatchObject({
            status: 403,
            json: apiError('insufficient-permissions'),
        });
        for (const body of [{ eventName: 'page' }, { eventName: 'page', count: 0 }, { count: 1 }, [1]]) {
            expect((await charge(run.id, run.token, body)).status).toBe(400);
        }
        expect(run.info.chargedEventCounts).toEqual({});
    });

    it("charges the platform's dataset-item event for items pushed to the run's default dataset, and only there", async () => {
        const run = await emu.createRun({ pricing: PRICING });
        const own = runClient(run.token);
        await own.dataset(run.info.defaultDatasetId).pushItems([{ a: 1 }, { a: 2 }, { a: 3 }]);
        const other = await own.datasets().getOrCreate('elsewhere');
        await own.dataset(other.id).pushItems([{ a: 4 }]);
        expect(run.info.chargedEventCounts).toEqual({ 'apify-default-dataset-item': 3 });
        // Without the event in its pricing, a push charges nothing.
        const perPage = await emu.createRun({ pricing: { events: { page: 0.5 } } });
        await runClient(perPage.token)
            .dataset(perPage.info.defaultDatasetId)
            .pushItems([{ a: 1 }]);
        expect(perPage.info.chargedEventCounts).toEqual({});
    });

    it('checks the pricing and maximum a test gives', async () => {
        await expect(emu.createRun({ pricing: { events: {} } })).rejects.toThrow(/pricing\.events/);
        await expect(emu.createRun({ pricing: { events: { page: -1 } } })).rejects.toThrow(/pricing\.events\["page"\]/);
        await expect(emu.createRun({ maxTotalChargeUsd: Number.NaN })).rejects.toThrow(/maxTotalChargeUsd/);
        expect(() => emu.setActorPricing('', PRICING)).toThrow(/actorId/);
    });
});

describe('the SDK at home on a pay-per-event run', () => {
    it("reads the Actor's prices and the user's maximum from the run, charges through the API, and stops at it", async () => {
        emu.setActorPricing('charging-actor', PRICING);
        const run = await client
            .actor('charging-actor')
            .call({ eventName: 'page', charges: 10, items: 3 }, { maxTotalChargeUsd: 2 });
        expect(run.status).toBe('SUCCEEDED');
        const emulated = emu.getRun(run.id);
        const output = (await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT'))?.value;
        // $0.50 a page under a $2 maximum: four pages, the fourth reaching it.
        expect(output).toMatchObject({
            isPayPerEvent: true,
            maxTotalChargeUsd: 2,
            results: [
                { chargedCount: 1, limitReached: false },
                { chargedCount: 1, limitReached: false },
                { chargedCount: 1, limitReached: false },
                { chargedCount: 1, limitReached: true },
            ],
            // At the maximum the SDK keeps one item of the three and charges it, "so that the platform
            // detects the Actor and terminates it".
            push: { chargedCount: 1, limitReached: true },
            counts: { page: 4, 'apify-default-dataset-item': 1 },
        });
        // The platform's counts: the SDK's posted charges and the items it stored.
        expect(run.chargedEventCounts).toEqual({ page: 4, 'apify-default-dataset-item': 1 });
        expect(emu.dataset(run.defaultDatasetId)?.itemCount).toBe(1);
        const calls = emulated?.apiCalls().byKind ?? {};
        // One GET of the run for the pricing at init (the SDK's), one POST per charged page.
        expect(calls.PostChargeRun).toBe(4);
        expect(calls.actorRun_get).toBeGreaterThanOrEqual(1);
    });

    it('sees a free run as not pay-per-event, and nothing is charged', async () => {
        const run = await client.actor('charging-actor').call({ eventName: 'page', charges: 2 });
        const output = (await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT'))?.value;
        expect(output).toMatchObject({ isPayPerEvent: false, results: [{ chargedCount: 0 }, { chargedCount: 0 }] });
        expect(run.chargedEventCounts).toEqual({});
        expect(emu.getRun(run.id)?.apiCalls().byKind.PostChargeRun).toBeUndefined();
    });
});
