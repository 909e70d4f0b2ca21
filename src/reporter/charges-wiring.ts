import { Actor } from 'apify';
import type { Tally } from '../counting/tally.js';
import { ChargeWatch, type ChargingManagerLike } from '../crawlee/charging-hook.js';
import { sdkInitialized } from '../lifecycle/sdk-events.js';

interface ChargesWiringSettings {
    tally: Tally;
    /** Says that something changed: a message is due (a flag; the amounts are read when it is made). */
    touch: () => void;
    addCountSource: (refresh: () => void) => () => void;
    /** Finds the SDK's charging manager; undefined while there is none to read yet. For tests. */
    findManager?: () => ChargingManagerLike | undefined;
}

/**
 * The SDK's charging manager, once `Actor.init()` has made it ready. `Actor.getChargingManager()`
 * is not called before: on an instance not initialized it warns, and makes a later `Actor.init()` throw.
 */
function sdkChargingManager(): ChargingManagerLike | undefined {
    if (!sdkInitialized()) return undefined;
    const manager = Actor.getChargingManager?.() as ChargingManagerLike | undefined;
    return typeof manager?.getPricingInfo === 'function' ? manager : undefined;
}

/**
 * What a pay-per-event run has charged, for the messages and the data: read from the SDK's charging
 * manager before every message (a count source: a few in-memory reads, no API call), with the manager's
 * charges and pushes watched for the maximum (see `ChargeWatch`). Looked for when the reporter is made
 * and again at each message until the SDK is initialized; once found, a run that is not pay-per-event
 * is never looked at again, and its snapshots keep `charged: null`.
 */
export class ChargesWiring {
    readonly #settings: ChargesWiringSettings;
    readonly #findManager: () => ChargingManagerLike | undefined;
    #watch: ChargeWatch | undefined;
    /** Whether the run's pricing is known (pay-per-event or not): nothing more to look for. */
    #settled = false;
    #released = false;
    readonly #removeSource: () => void;

    constructor(settings: ChargesWiringSettings) {
        this.#settings = settings;
        this.#findManager = settings.findManager ?? sdkChargingManager;
        this.#removeSource = settings.addCountSource(() => this.#refresh());
        try {
            this.#find();
        } catch {
            // Looked for again before each message, where a failure is said once (a count source's warning).
        }
    }

    #find(): void {
        if (this.#settled || this.#released) return;
        const manager = this.#findManager();
        if (manager === undefined) return;
        this.#settled = true;
        if (manager.getPricingInfo().isPayPerEvent) this.#watch = new ChargeWatch(manager, this.#settings.touch);
    }

    #refresh(): void {
        this.#find();
        if (this.#watch) this.#settings.tally.setCharged(this.#watch.read());
    }

    /**
     * The run has ended: the manager gets its methods back. The amounts stay as last read (the final
     * snapshot is made before this).
     */
    release(): void {
        this.#released = true;
        this.#removeSource();
        this.#watch?.release();
        this.#watch = undefined;
    }
}
