import type { ChargedAmount } from '../counting/charges.js';
import { isCompleted } from '../counting/outcome.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';

const usdFormats = new Map<string, Intl.NumberFormat>();

/** "$1.20": US dollars with two decimals, in the reporter's locale ("1,20 $" in German). */
export function formatUsd(value: number, locale = 'en-US'): string {
    let format = usdFormats.get(locale);
    if (!format) {
        format = new Intl.NumberFormat(locale, {
            style: 'currency',
            currency: 'USD',
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
        });
        usdFormats.set(locale, format);
    }
    return format.format(value);
}

/** The run's charges when it is pay-per-event; undefined otherwise. */
function chargedOf(snapshot: ProgressSnapshot): ChargedAmount | undefined {
    return snapshot.charged ?? undefined;
}

/**
 * Whether the run ended because its maximum charge was reached: it finished (the Actor stopped, as
 * Apify asks pay-per-event Actors to do at the limit) after the maximum refused or cut a charge or a
 * push, or said nothing more fits, with work left (all of a firm total handled is a run that finished).
 */
export function stoppedAtMaxCharge(snapshot: ProgressSnapshot): boolean {
    const charged = chargedOf(snapshot);
    return (
        snapshot.status === 'finished' &&
        charged?.limitReached === true &&
        charged.maxUsd !== null &&
        !isCompleted(snapshot)
    );
}

/** "Stopped at the $5.00 max charge": how a run stopped by its maximum charge ends. */
export function maxChargeHead(snapshot: ProgressSnapshot, locale?: string): string {
    return `Stopped at the ${formatUsd(chargedOf(snapshot)?.maxUsd ?? 0, locale)} max charge`;
}

/**
 * The amount in a message: "$1.20 of $5.00 max", or "$1.20 charged" with no maximum; "$5.00 charged"
 * when the head already names the maximum. Undefined for a run that is not pay-per-event, or when the
 * author turned the amounts off (`showCharges: false`).
 */
export function chargesPart(
    snapshot: ProgressSnapshot,
    settings: { locale?: string; showCharges?: boolean; maxInHead?: boolean },
): string | undefined {
    const charged = chargedOf(snapshot);
    if (charged === undefined || settings.showCharges === false) return undefined;
    const total = formatUsd(charged.totalUsd, settings.locale);
    if (charged.maxUsd === null || settings.maxInHead) return `${total} charged`;
    return `${total} of ${formatUsd(charged.maxUsd, settings.locale)} max`;
}
