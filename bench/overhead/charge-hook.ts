/**
 * What the pay-per-event hook adds, isolated: `Actor.charge()` on the SDK's own charging manager
 * (local pay-per-event mode, no maximum, no API) unwatched and watched by a reporter's `ChargeWatch`;
 * and a push counted by attach() while a pay-per-event run is watched (it then runs in a context that
 * learns of items the maximum cuts) against one while none is.
 */
import { ApifyClient, ChargingManager, Configuration } from 'apify';
import { BasicCrawler } from 'crawlee';
import { ChargeWatch, type ChargingManagerLike } from '../../src/crawlee/charging-hook.js';
import { localCrawlerConfig } from '../lib/crawler-config.js';
import { quietReporter } from '../lib/offline-crawl.js';

/** The SDK's charging manager as `ACTOR_TEST_PAY_PER_EVENT` and `APIFY_ACTOR_PRICING_INFO` make it. */
export async function localChargingManager(): Promise<ChargingManager> {
    const pricing = {
        pricingModel: 'PAY_PER_EVENT',
        pricingPerEvent: { actorChargeEvents: { page: { eventTitle: 'page', eventPriceUsd: 0.001 } } },
    };
    const manager = new ChargingManager(
        new Configuration({
            testPayPerEvent: true,
            actorPricingInfo: JSON.stringify(pricing),
            chargedEventCounts: '{}',
        } as ConstructorParameters<typeof Configuration>[0]),
        new ApifyClient(),
    );
    await manager.init();
    return manager;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** `n` charges of one event, with the manager watched by a reporter's hook or not. */
export async function timeCharges(manager: ChargingManager, watched: boolean, n: number): Promise<number> {
    let charges = 0;
    const watch = watched ? new ChargeWatch(manager as unknown as ChargingManagerLike, () => charges++) : undefined;
    gc?.();
    const started = performance.now();
    for (let i = 0; i < n; i++) await manager.charge({ eventName: 'page' });
    const elapsed = performance.now() - started;
    watch?.read(); // what a message reads: once per message, not per charge
    watch?.release();
    return elapsed;
}

/**
 * `n` pushes to a dataset that does nothing, counted by attach(), while a pay-per-event run is watched
 * (`ppe`) or not: the difference is the context a push runs in to learn of items the maximum cuts.
 */
export async function timeCountedPushes(manager: ChargingManager, ppe: boolean, n: number): Promise<number> {
    const crawler = new BasicCrawler({ requestHandler: async () => undefined }, localCrawlerConfig());
    const dataset = { pushData: async (_data: unknown) => undefined };
    Object.assign(crawler, { getDataset: async () => dataset });
    const reporter = quietReporter();
    const detach = reporter.attach(crawler);
    const watch = ppe ? new ChargeWatch(manager as unknown as ChargingManagerLike, () => undefined) : undefined;
    const opened = await crawler.getDataset();
    gc?.();
    const started = performance.now();
    for (let i = 0; i < n; i++) await opened.pushData({ i });
    const elapsed = performance.now() - started;
    watch?.release();
    detach();
    void reporter.finish();
    return elapsed;
}
