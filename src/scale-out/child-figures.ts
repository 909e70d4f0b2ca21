import { isCount } from '../counting/count.js';

/** What a child's `PROGRESS` record (the progress document, `ProgressDocument`) says, as far as used here. */
export interface ChildRecord {
    /** The child's own status: `running`, `migrating`, or how it ended. */
    status: string;
    done: number;
    failed: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    unit: readonly [string, string] | undefined;
    /** The child's last status message when the record was written: a newer one says more. */
    message: string | undefined;
    /** Set when the child is a worker on a shared request queue: the whole crawl, as it saw it. */
    sharedQueue: { queueId: string; handled: number; total: number; totalIsEstimate: boolean } | undefined;
}

/** Counts read from a child's status message, when it has no record. */
export interface MessageCounts {
    done: number;
    failed: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    /** The noun counted ("pages"), when the message names one in the plural. */
    noun?: string;
    /** A worker on a shared queue ("... across 3 runs · this run 40"): the whole crawl, as it said it. */
    sharedCrawl?: { handled: number; total: number; totalIsEstimate: boolean };
}

const isWord = (value: unknown): value is string => typeof value === 'string' && value !== '';

function readSharedQueue(value: unknown): ChildRecord['sharedQueue'] {
    if (typeof value !== 'object' || value === null) return undefined;
    const queue = value as Record<string, unknown>;
    if (!isWord(queue.queueId) || !isCount(queue.handled) || !isCount(queue.total)) return undefined;
    return {
        queueId: queue.queueId,
        handled: queue.handled,
        total: queue.total,
        totalIsEstimate: queue.totalIsEstimate !== false,
    };
}

/**
 * Reads a child's progress record, or undefined when it is not one: a key-value store holds whatever
 * anyone put under the key, so nothing is trusted without a check. Fields added to the document later
 * are ignored. Pure.
 */
export function parseProgressRecord(value: unknown): ChildRecord | undefined {
    let data = value;
    if (typeof data === 'string' || Buffer.isBuffer(data)) {
        try {
            data = JSON.parse(String(data));
        } catch {
            return undefined;
        }
    }
    if (typeof data !== 'object' || data === null) return undefined;
    const record = data as Record<string, unknown>;
    if (!isWord(record.status) || !isCount(record.done) || !isCount(record.failed)) return undefined;
    const [singular, plural] = Array.isArray(record.unit) ? (record.unit as unknown[]) : [];
    return {
        status: record.status,
        done: record.done,
        failed: record.failed,
        total: isCount(record.total) ? record.total : undefined,
        totalIsEstimate: record.totalIsEstimate === true,
        unit: isWord(singular) && isWord(plural) ? [singular, plural] : undefined,
        message: typeof record.message === 'string' ? record.message : undefined,
        sharedQueue: readSharedQueue(record.sharedQueue),
    };
}

/** True when the record says the child's reporting has ended (its terminal message was made). */
export function recordSaysEnded(record: ChildRecord | undefined): boolean {
    return record !== undefined && record.status !== 'running' && record.status !== 'migrating';
}

const NUMBER = String.raw`(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)`;
const toNumber = (text: string) => Number(text.replace(/[^\d]/g, ''));

/**
 * Best-effort counts from a status message, for a child with no progress record: actor-progress's own
 * wording ("40 of 60 pages done", "40 of at least 60 pages", "3 failed") and Crawlee's ("Crawled 40/60
 * pages, 3 failed requests", "Finished! Total 63 requests: 60 succeeded, 3 failed."). Undefined when the message has no counts. Pure.
 */
export function countsFromStatusMessage(message: string | undefined): MessageCounts | undefined {
    if (!message) return undefined;
    const crawlee = new RegExp(String.raw`Crawled ${NUMBER}/${NUMBER} (\S+), ${NUMBER} failed`).exec(message);
    if (crawlee) {
        const [, done = '0', total = '0', noun, failed = '0'] = crawlee;
        return { done: toNumber(done), failed: toNumber(failed), total: toNumber(total), totalIsEstimate: true, noun };
    }
    const finished = new RegExp(`Total ${NUMBER} requests: ${NUMBER} succeeded, ${NUMBER} failed`).exec(message);
    if (finished) {
        const [, total = '0', done = '0', failed = '0'] = finished;
        return { done: toNumber(done), failed: toNumber(failed), total: toNumber(total), totalIsEstimate: false };
    }
    const shared = sharedQueueCounts(message);
    if (shared) return shared;
    const failedMatch = new RegExp(`${NUMBER} failed`).exec(message);
    const failed = failedMatch?.[1] === undefined ? 0 : toNumber(failedMatch[1]);
    const of = new RegExp(String.raw`${NUMBER} of (at least |about )?${NUMBER}(?: ([^\s\d·,.]+))?`).exec(message);
    if (of) {
        const [, done = '0', estimate, total = '0', noun] = of;
        const counts = {
            done: toNumber(done),
            failed,
            total: toNumber(total),
            totalIsEstimate: estimate !== undefined,
        };
        return withNoun(counts, plural(total, noun));
    }
    const alone = new RegExp(String.raw`${NUMBER} (\S+) done`).exec(message);
    if (alone?.[1] !== undefined) {
        const counts = { done: toNumber(alone[1]), failed, total: undefined, totalIsEstimate: true };
        return withNoun(counts, plural(alone[1], alone[2]));
    }
    return undefined;
}

/** The noun after a count, when that count makes it a plural (after "1" it is the singular). */
function plural(count: string, noun: string | undefined): string | undefined {
    return noun === undefined || toNumber(count) === 1 ? undefined : noun;
}

function withNoun(counts: MessageCounts, noun: string | undefined): MessageCounts {
    return noun === undefined ? counts : { ...counts, noun };
}

/**
 * The wording of a worker on a shared queue: "1,204 of at least 3,000 pages handled across 4 runs ·
 * this run 310 · 3 failed here", "Finished my share: 310 pages · the crawl stands at 2,900 of 3,000
 * across 4 runs", ... Its own counts are its share; the first "N of M" is the whole crawl.
 */
function sharedQueueCounts(message: string): MessageCounts | undefined {
    if (!/ across (\d+ )?runs?\b/.test(message)) return undefined;
    const share = new RegExp(String.raw`(?:this run|Finished my share:) ${NUMBER}(?: ([^\s\d·,.]+))?`).exec(message);
    if (!share?.[1]) return undefined;
    const failed = new RegExp(`${NUMBER} failed here`).exec(message)?.[1];
    const crawl = new RegExp(String.raw`${NUMBER} of (at least )?${NUMBER}(?: ([^\s\d·,.]+))?`).exec(message);
    const counts: MessageCounts = {
        done: toNumber(share[1]),
        failed: failed === undefined ? 0 : toNumber(failed),
        total: undefined,
        totalIsEstimate: true,
    };
    if (crawl) {
        const [, handled = '0', estimate, total = '0'] = crawl;
        counts.sharedCrawl = {
            handled: toNumber(handled),
            total: toNumber(total),
            totalIsEstimate: estimate !== undefined,
        };
    }
    return withNoun(counts, plural(share[1], share[2]) ?? plural(crawl?.[3] ?? '1', crawl?.[4]));
}
