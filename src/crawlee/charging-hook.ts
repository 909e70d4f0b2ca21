import type { ChargedAmount } from '../counting/charges.js';
import { replaceMethod } from '../shared/replace-method.js';
import { noteRefusedItems, watchingPushLimits } from './refused-pushes.js';

/** The SDK's `ChargeResult`, as far as the hook reads it. */
interface ChargeResultLike {
    eventChargeLimitReached?: unknown;
    chargedCount?: unknown;
}

/**
 * The Apify SDK's `ChargingManager` (`Actor.getChargingManager()`, apify >= 3.3), as far as the hook
 * uses it: its public reads, the two methods every charge and every push of the run goes through, and
 * its own total (a private method in 3.7: used when present, else worked out from the public reads).
 */
export interface ChargingManagerLike {
    getPricingInfo(): { isPayPerEvent: boolean; maxTotalChargeUsd: number; perEventPrices: Record<string, number> };
    getChargedEventCount(eventName: string): number;
    charge(options: { eventName: string; count?: number }): Promise<unknown>;
    calculatePushDataLimits?(options: { items: unknown }): { limitedItems: readonly unknown[] };
}

/** The items a push carries, as the SDK counts them (an array's items, or one). */
const itemsOf = (items: unknown) => (Array.isArray(items) ? items.length : 1);

/**
 * Watches what a pay-per-event run charges, the way `SavedItems` watches pushes: the SDK's charging
 * manager gets its `charge()` and `calculatePushDataLimits()` replaced on that one object (never on the
 * class), so that every charge (`Actor.charge()`, and the SDK's own for pushed items) and every push
 * the maximum may cut is seen, in-process, with no API call:
 *
 * - a charge that was refused or cut (`chargedCount` below the count asked), or after which the SDK
 *   says no more of the event fits (`eventChargeLimitReached`), marks the limit as reached;
 * - a push cut to fewer items marks it too, and tells the item counter how many were not stored
 *   (see refused-pushes.ts);
 * - every charge calls `onCharge`, a cheap flag: the amounts are read when the next message is made.
 *
 * `read()` reads the amounts from the manager. `release()` restores its methods; idempotent.
 */
export class ChargeWatch {
    readonly #manager: ChargingManagerLike;
    readonly #restores: (() => void)[];
    /** Events this watch saw charged: names the pricing may not list (an unknown event, locally). */
    readonly #seen = new Set<string>();
    #limitReached = false;

    constructor(manager: ChargingManagerLike, onCharge: () => void) {
        this.#manager = manager;
        const seen = this.#seen;
        const reached = () => {
            this.#limitReached = true;
        };
        this.#restores = [
            watchingPushLimits(),
            replaceMethod(
                manager,
                'charge',
                (original) =>
                    function (this: unknown, ...args: unknown[]) {
                        const asked = args[0] as { eventName?: unknown; count?: unknown } | undefined;
                        return Promise.resolve(original.apply(this, args)).then((result) => {
                            if (typeof asked?.eventName === 'string') seen.add(asked.eventName);
                            if (cutOrReached(result as ChargeResultLike, asked?.count)) reached();
                            onCharge();
                            return result;
                        });
                    },
            ),
        ];
        if (typeof manager.calculatePushDataLimits === 'function') {
            this.#restores.push(
                replaceMethod(
                    manager,
                    'calculatePushDataLimits',
                    (original) =>
                        function (this: unknown, ...args: unknown[]) {
                            const limits = original.apply(this, args) as { limitedItems?: readonly unknown[] };
                            const asked = itemsOf((args[0] as { items?: unknown } | undefined)?.items);
                            const refused = asked - (limits?.limitedItems?.length ?? asked);
                            if (refused > 0) {
                                reached();
                                noteRefusedItems(refused);
                            }
                            return limits;
                        },
                ),
            );
        }
    }

    /** What the run has charged now, by the manager's own count. */
    read(): ChargedAmount {
        const manager = this.#manager;
        const { maxTotalChargeUsd, perEventPrices } = manager.getPricingInfo();
        const events: Record<string, number> = {};
        let sum = 0;
        for (const name of new Set([...Object.keys(perEventPrices), ...this.#seen])) {
            const count = manager.getChargedEventCount(name);
            if (count <= 0) continue;
            events[name] = count;
            sum += count * (perEventPrices[name] ?? 0);
        }
        return {
            totalUsd: sdkTotal(manager) ?? Number(sum.toFixed(6)),
            maxUsd: Number.isFinite(maxTotalChargeUsd) && maxTotalChargeUsd > 0 ? maxTotalChargeUsd : null,
            events,
            limitReached: this.#limitReached,
        };
    }

    release(): void {
        for (const restore of this.#restores.splice(0).reverse()) restore();
    }
}

/** A charge the maximum refused or cut, or after which nothing more of its event fits. */
function cutOrReached(result: ChargeResultLike | undefined, count: unknown): boolean {
    if (result?.eventChargeLimitReached === true) return true;
    const asked = typeof count === 'number' ? count : 1;
    return typeof result?.chargedCount === 'number' && result.chargedCount < asked;
}

/**
 * The SDK's own total, `calculateTotalChargedAmount()` (private in apify 3.7, so read defensively): it
 * prices every event it charged, those its pricing does not list too (locally at $1 each).
 */
function sdkTotal(manager: ChargingManagerLike): number | undefined {
    const total = (manager as { calculateTotalChargedAmount?: () => unknown }).calculateTotalChargedAmount;
    if (typeof total !== 'function') return undefined;
    const value = total.call(manager);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
