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
    const compact = numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    const usd = numberFormat(locale, {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
    });
    return {
        count: (n) => whole.format(n),
        /** "2M", "150K" for the chart's axis, whole numbers below 10,000. */
        axisCount: (n) => (Math.abs(n) >= 10_000 ? compact.format(n) : whole.format(n)),
        /** "$1.20", as the messages word an amount. */
        usd: (amount) => usd.format(amount),
        /** "about 3,000": a projection, rounded as a guess is, never below the total known. */
        about: (n, floor) => `about ${whole.format(roughly(n, floor ?? 0))}`,
        rate: (perMinute) =>
            `${perMinute >= 10 ? whole.format(Math.round(perMinute)) : tenth.format(Math.round(perMinute * 10) / 10)}/min`,
        duration,
        timeLeft,
    };
}

/** `n` to two significant digits (3,047 is 3,000; 2,046,000 is 2,000,000), rounded up rather than below `floor`. */
export function roughly(n, floor) {
    if (n < 100) return Math.round(n);
    const step = 10 ** (Math.floor(Math.log10(n)) - 1);
    const near = Math.round(n / step) * step;
    return near >= floor ? near : Math.ceil(n / step) * step;
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
