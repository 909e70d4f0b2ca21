import { ApiError } from '../errors.js';

/**
 * The API's per-resource limits, in requests per second (API reference, "Rate limiting"):
 * 60 by default, 200 for key-value store records, 400 for starting runs, pushing dataset items and
 * the CRUD operations on single requests of a queue.
 */
const LIMITS = { default: 60, records: 200, high: 400 } as const;

export type LimitClass = keyof typeof LIMITS;

/** Requests per second per resource that `limitClass` allows: what `X-RateLimit-Limit` says. */
export function limitOf(limitClass: LimitClass): number {
    return LIMITS[limitClass];
}

/**
 * Counts requests per resource in a sliding window and answers 429 `rate-limit-exceeded` beyond the
 * documented number. The window is one second on the platform; a longer one lets a test reach the
 * limit deterministically on a slow machine (61 requests "within the second" however long they take).
 */
export class RateLimiter {
    readonly #windowMs: number;
    readonly #hits = new Map<string, number[]>();

    /** `windowMs: 0` turns limits off. */
    constructor(windowMs: number) {
        this.#windowMs = windowMs;
    }

    /**
     * Counts one request against `key` (the endpoint group and the resource); returns the 429 to answer
     * when it is one too many. Refused requests count too, as they do on the platform.
     */
    take(key: string, limitClass: LimitClass, now = performance.now()): ApiError | undefined {
        if (this.#windowMs <= 0) return undefined;
        const limit = LIMITS[limitClass];
        const since = now - this.#windowMs;
        const hits = (this.#hits.get(key) ?? []).filter((at) => at > since);
        hits.push(now);
        this.#hits.set(key, hits);
        if (hits.length <= limit) return undefined;
        return new ApiError(
            429,
            'rate-limit-exceeded',
            `You have exceeded the rate limit of ${limit} requests per second`,
            { 'X-RateLimit-Limit': String(limit) },
        );
    }
}
