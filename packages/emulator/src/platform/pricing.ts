import type { PayPerEventPricingInfo, Run } from '../api-types.js';
import { ApiError, invalidInput } from '../errors.js';
import type { PayPerEventPricing } from '../run-types.js';
import type { ActorRecord } from './actors.js';

/**
 * Pay-per-event on the emulated platform: an Actor's prices, what each run has charged, and the
 * idempotency keys of its charges. Kept beside the run's API object (`Run`), not in it: the run
 * serves `pricingInfo`, `chargedEventCounts` and `options.maxTotalChargeUsd` as the API does.
 */

/** The synthetic event the platform charges for each item pushed to a run's default dataset. */
export const DATASET_ITEM_EVENT = 'apify-default-dataset-item';

/** An Actor's prices, by the Actor it was set for. */
const actorPricing = new WeakMap<ActorRecord, PayPerEventPricingInfo>();
/** The idempotency keys each run's charges came with: a key seen again charges nothing. */
const chargeKeys = new WeakMap<Run, Set<string>>();

function describe(value: unknown): string {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Checks a test's pricing and turns it into the API's `PayPerEventActorPricingInfo`. */
export function toPricingInfo(pricing: PayPerEventPricing, now = new Date()): PayPerEventPricingInfo {
    const events = (pricing as { events?: unknown } | null)?.events;
    if (typeof events !== 'object' || events === null || Array.isArray(events) || Object.keys(events).length === 0) {
        throw new TypeError('Expected `pricing.events` to be an object of prices in USD by event name');
    }
    const actorChargeEvents: PayPerEventPricingInfo['pricingPerEvent']['actorChargeEvents'] = {};
    for (const [name, price] of Object.entries(events as Record<string, unknown>)) {
        const { priceUsd, title } =
            typeof price === 'number'
                ? { priceUsd: price, title: undefined }
                : ((price ?? {}) as Record<string, unknown>);
        if (name === '' || typeof priceUsd !== 'number' || !Number.isFinite(priceUsd) || priceUsd < 0) {
            throw new TypeError(
                `Expected \`pricing.events[${JSON.stringify(name)}]\` to be a price in USD >= 0 (or { priceUsd, title? }), got \`${describe(price)}\``,
            );
        }
        const eventTitle = typeof title === 'string' && title !== '' ? title : name;
        actorChargeEvents[name] = { eventTitle, eventDescription: eventTitle, eventPriceUsd: priceUsd };
    }
    const at = now.toISOString();
    return {
        pricingModel: 'PAY_PER_EVENT',
        pricingPerEvent: { actorChargeEvents },
        minimalMaxTotalChargeUsd: null,
        apifyMarginPercentage: 0.2,
        createdAt: at,
        startedAt: at,
    };
}

/** Checks a maximum charge per run as the API takes it: a number >= 0 (`?maxTotalChargeUsd=`). */
export function checkMaxTotalCharge(value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new TypeError(`Expected \`maxTotalChargeUsd\` to be a number >= 0, got \`${describe(value)}\``);
    }
}

/** Sets (or, with `undefined`, removes) the prices runs of `actor` started from now on get. */
export function setActorPricing(actor: ActorRecord, pricing: PayPerEventPricing | undefined): void {
    if (pricing === undefined) actorPricing.delete(actor);
    else actorPricing.set(actor, toPricingInfo(pricing));
}

export function pricingOfActor(actor: ActorRecord): PayPerEventPricingInfo | undefined {
    return actorPricing.get(actor);
}

/**
 * What a new run gets, as the platform fixes it at the start: the Actor's pricing at that moment (a
 * copy), and the user's maximum (`options.maxTotalChargeUsd`, also `ACTOR_MAX_TOTAL_CHARGE_USD` in its
 * environment).
 */
export function applyPricing(
    run: Run,
    pricingInfo: PayPerEventPricingInfo | undefined,
    maxTotalChargeUsd: number | undefined,
): void {
    if (pricingInfo !== undefined) run.pricingInfo = structuredClone(pricingInfo);
    if (maxTotalChargeUsd !== undefined) run.options.maxTotalChargeUsd = maxTotalChargeUsd;
}

function priceOf(run: Run, eventName: string): number | undefined {
    return run.pricingInfo?.pricingPerEvent.actorChargeEvents[eventName]?.eventPriceUsd;
}

/**
 * `POST /v2/actor-runs/:runId/charge` applied: `count` events of `eventName` added to the run's
 * `chargedEventCounts`, once per idempotency key. Like the API, it does not check the user's maximum
 * ("the API does not check this": the SDK's charging manager keeps within it). Throws the API's error
 * for a run that is not pay-per-event or an event its pricing does not have.
 */
export function chargeEvents(run: Run, eventName: string, count: number, idempotencyKey: string | undefined): void {
    if (run.pricingInfo?.pricingModel !== 'PAY_PER_EVENT') {
        throw invalidInput(`Actor run ${run.id} is not pay-per-event: there is no event to charge`);
    }
    if (priceOf(run, eventName) === undefined) {
        throw invalidInput(`Event "${eventName}" is not in the pricing of the Actor of run ${run.id}`);
    }
    if (idempotencyKey !== undefined) {
        let keys = chargeKeys.get(run);
        if (keys === undefined) {
            keys = new Set();
            chargeKeys.set(run, keys);
        }
        if (keys.has(idempotencyKey)) return;
        keys.add(idempotencyKey);
    }
    run.chargedEventCounts[eventName] = (run.chargedEventCounts[eventName] ?? 0) + count;
}

/**
 * Items pushed to a run's default dataset: the platform charges them itself as the synthetic
 * `apify-default-dataset-item` event when the run's pricing has it (the SDK never posts that event).
 */
export function chargeDatasetItems(run: Run | undefined, datasetId: string, count: number): void {
    if (run === undefined || run.defaultDatasetId !== datasetId || count <= 0) return;
    if (priceOf(run, DATASET_ITEM_EVENT) === undefined) return;
    run.chargedEventCounts[DATASET_ITEM_EVENT] = (run.chargedEventCounts[DATASET_ITEM_EVENT] ?? 0) + count;
}

/** Only the run itself charges its events, with its own token. */
export function assertChargedByItself(run: Run, callerRunId: string): void {
    if (callerRunId !== run.id) {
        throw new ApiError(
            403,
            'insufficient-permissions',
            `Events of run ${run.id} can only be charged by the run itself, with the token it was started with`,
        );
    }
}
