import { ApifyClient, ChargingManager, Configuration } from 'apify';
import { describe, expect, it } from 'vitest';
import { ChargeWatch, type ChargingManagerLike } from '../../src/crawlee/charging-hook.js';
import type { CrawlerLike } from '../../src/crawlee/crawler-shape.js';
import { pushesMayBeCut } from '../../src/crawlee/refused-pushes.js';
import { SavedItems } from '../../src/crawlee/saved-items.js';

/**
 * The SDK's own charging manager in its local pay-per-event mode (what `ACTOR_TEST_PAY_PER_EVENT` and
 * `APIFY_ACTOR_PRICING_INFO` give an Actor), made directly: no `Actor.init()`, no API.
 */
async function localManager(prices: Record<string, number>, maxTotalChargeUsd?: number): Promise<ChargingManager> {
    const actorChargeEvents = Object.fromEntries(
        Object.entries(prices).map(([name, price]) => [name, { eventTitle: name, eventPriceUsd: price }]),
    );
    // The SDK reads these from ACTOR_TEST_PAY_PER_EVENT and friends; its options type lists only some.
    const config = new Configuration({
        testPayPerEvent: true,
        actorPricingInfo: JSON.stringify({ pricingModel: 'PAY_PER_EVENT', pricingPerEvent: { actorChargeEvents } }),
        chargedEventCounts: '{"page": 2}',
        ...(maxTotalChargeUsd === undefined ? {} : { maxTotalChargeUsd }),
    } as ConstructorParameters<typeof Configuration>[0]);
    const manager = new ChargingManager(config, new ApifyClient());
    await manager.init();
    return manager;
}

const sdkTotal = (manager: ChargingManager) =>
    (manager as unknown as { calculateTotalChargedAmount(): number }).calculateTotalChargedAmount();

describe('ChargeWatch on the SDK’s charging manager', () => {
    it('reads what the SDK counts: its own total, the maximum, each event charged', async () => {
        const manager = await localManager({ page: 0.1, result: 0.05 }, 5);
        let charges = 0;
        const watch = new ChargeWatch(manager as unknown as ChargingManagerLike, () => charges++);
        // Counts charged before the watch began (a resumed run) are in the SDK's state: they count.
        expect(watch.read()).toEqual({
            totalUsd: sdkTotal(manager),
            maxUsd: 5,
            events: { page: 2 },
            limitReached: false,
        });
        await manager.charge({ eventName: 'page', count: 3 });
        await manager.charge({ eventName: 'result' });
        // An event the pricing does not have: the SDK charges it locally at $1; its total says so.
        await manager.charge({ eventName: 'unpriced' });
        expect(charges).toBe(3);
        expect(watch.read()).toEqual({
            totalUsd: sdkTotal(manager),
            maxUsd: 5,
            events: { page: 5, result: 1, unpriced: 1 },
            limitReached: false,
        });
        expect(sdkTotal(manager)).toBe(1.55);
        watch.release();
    });

    it('marks the limit reached when the SDK says so, or refuses or cuts a charge', async () => {
        const manager = await localManager({ page: 0.5 }, 2);
        const watch = new ChargeWatch(manager as unknown as ChargingManagerLike, () => undefined);
        let result = await manager.charge({ eventName: 'page' });
        while (!result.eventChargeLimitReached) {
            expect(watch.read().limitReached).toBe(false);
            result = await manager.charge({ eventName: 'page' });
        }
        expect(watch.read().limitReached).toBe(true);
        watch.release();

        // A batch the maximum cuts: fewer charged than asked.
        const other = await localManager({ page: 0.5 }, 100);
        const cut = new ChargeWatch(other as unknown as ChargingManagerLike, () => undefined);
        const batch = await other.charge({ eventName: 'page', count: 1000 });
        expect(batch.chargedCount).toBeLessThan(1000);
        expect(cut.read().limitReached).toBe(true);
        cut.release();
    });

    it('has no maximum to show when the user set none', async () => {
        const watch = new ChargeWatch((await localManager({ page: 0.1 })) as unknown as ChargingManagerLike, () => 0);
        expect(watch.read().maxUsd).toBeNull();
        watch.release();
    });

    it('counts as saved only the items a push stored when the maximum cuts it inside the push', async () => {
        const manager = await localManager({ page: 1 }, 3);
        const stored: unknown[] = [];
        // What the SDK's patched dataset client does on the platform: the charging manager decides what
        // fits, only that is stored.
        const dataset = {
            async pushData(items: unknown) {
                await Promise.resolve();
                const { limitedItems } = manager.calculatePushDataLimits({
                    items,
                    eventName: 'page',
                    isDefaultDataset: false,
                });
                stored.push(...limitedItems);
            },
        };
        const crawler = { getDataset: async () => dataset } as unknown as CrawlerLike;
        let saved = 0;
        const items = new SavedItems((count) => {
            saved += count;
        });
        items.follow(crawler);
        const watch = new ChargeWatch(manager as unknown as ChargingManagerLike, () => undefined);
        expect(pushesMayBeCut()).toBe(true);
        const opened = await (crawler as unknown as { getDataset(): Promise<typeof dataset> }).getDataset();
        await opened.pushData([{ a: 1 }, { a: 2 }]);
        // The local SDK prices the limit at $1 an event: of 10 items, what is left of $3 fits.
        await opened.pushData(Array.from({ length: 10 }, (_, i) => ({ i })));
        expect(stored.length).toBeLessThan(12);
        expect(saved).toBe(stored.length);
        expect(watch.read().limitReached).toBe(true);
        watch.release();
        items.unfollow(crawler);
        expect(pushesMayBeCut()).toBe(false);
    });

    it('gives the manager its own methods back on release, idempotently', async () => {
        const manager = await localManager({ page: 0.1 });
        const { charge, calculatePushDataLimits } = manager;
        const watch = new ChargeWatch(manager as unknown as ChargingManagerLike, () => undefined);
        expect(manager.charge).not.toBe(charge);
        watch.release();
        watch.release();
        expect(manager.charge).toBe(charge);
        expect(manager.calculatePushDataLimits).toBe(calculatePushDataLimits);
        expect(Object.hasOwn(manager, 'charge')).toBe(false);
    });
});
