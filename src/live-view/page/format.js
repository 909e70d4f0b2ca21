// Numbers and durations worded as the status messages word them (src/wording/format.ts): the page
// and the Console read alike.

function numberFormat(locale, options) {
    try {
        return new Intl.NumberFormat(locale, options);
    } catch {
        return new Intl.NumberFormat('en-US', options);
    }
}

export function createFormat(locale) {
    const whole = numberFormat(locale, { maximumFractionDigits: 0 });
    const tenth = numberFormat(locale, { maximumFractionDigits: 1 });
    return {
        count: (n) => whole.format(n),
        rate: (perMinute) =>
            `${perMinute >= 10 ? whole.format(Math.round(perMinute)) : tenth.format(Math.round(perMinute * 10) / 10)}/min`,
        duration,
        timeLeft,
    };
}

/** "40 s", "6 min", "1 h 5 min". */
export function duration(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.round(seconds / 60);
    if (seconds < 600) {
        const rest = seconds % 60;
        return rest === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
    }
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** "about 6 min": forecasts are rounded harder than elapsed times. */
export function timeLeft(ms) {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `about ${minutes} min`;
    return `about ${duration(minutes * 60_000)}`;
}

/** The whole-number percent handled, rounded down in whole numbers (57 of 100 is 57%), never 100 before everything is. */
export function percentOf(handled, total) {
    if (total <= 0 || handled >= total) return 100;
    if (!Number.isInteger(handled) || !Number.isInteger(total))
        return Math.min(99, Math.floor((handled * 100) / total));
    return Math.min(99, Number((BigInt(Math.max(0, handled)) * 100n) / BigInt(total)));
}

/** The unit's singular for 1, its plural otherwise, as the messages choose. */
export function noun(count, unit) {
    return count === 1 ? unit[0] : unit[1];
}
