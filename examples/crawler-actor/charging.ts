import { Actor } from 'apify';

/**
 * The event this Actor charges per page it handled when it runs pay-per-event (its pricing is set in
 * the Console; `.actor/pay_per_event.json` lists the events it charges).
 */
export const PAGE_EVENT = 'page-crawled';

/** The crawler's pool, which `abort()` ends gracefully: `run()` returns and the Actor goes on to exit. */
interface AbortableCrawler {
    autoscaledPool?: { abort(): Promise<void> };
}

/**
 * On a pay-per-event run, charges one page and, once the user's maximum charge is reached, stops the
 * crawl as Apify asks Store Actors to: `crawler.autoscaledPool.abort()`, not `Actor.exit()`, so the
 * crawler ends gracefully. On any other run it does nothing. The reporter attached to the crawler sees
 * the charge itself (no code for it here), and its terminal message says the run stopped at the maximum.
 */
export async function chargeForPage(crawler: AbortableCrawler): Promise<void> {
    if (!Actor.getChargingManager().getPricingInfo().isPayPerEvent) return;
    const { eventChargeLimitReached } = await Actor.charge({ eventName: PAGE_EVENT });
    if (eventChargeLimitReached) await crawler.autoscaledPool?.abort();
}
