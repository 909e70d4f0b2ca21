import { isCount } from '../counting/count.js';
import { isFailureList } from '../counting/failure-counts.js';
import type { FailureCount } from '../counting/snapshot.js';

/** What a child's `PROGRESS` record (the progress document, `ProgressDocument`) says, as far as used here. */
export interface ChildRecord {
    /** The child's own status: `running`, `migrating`, or how it ended. */
    status: string;
    done: number;
    failed: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    unit: readonly [string, string] | undefined;
    /** Why its units failed, most common first. */
    failures: readonly FailureCount[];
    /** The step it was in (1 for the first), when it works in steps: its counts are that step's. */
    step: number | undefined;
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
    /** Why units failed, as far as the message says ("3 failed (2 × HTTP 500, 1 × timeout)"). */
    failures?: readonly FailureCount[];
    /** The step the counts are of ("Step 2 of 3 · Details: 40 of 80 products done"). */
    step?: number;
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
    const phase = (typeof record.phase === 'object' && record.phase !== null ? record.phase : {}) as {
        index?: unknown;
    };
    return {
        status: record.status,
        done: record.done,
        failed: record.failed,
        total: isCount(record.total) ? record.total : undefined,
        totalIsEstimate: record.totalIsEstimate === true,
        unit: isWord(singular) && isWord(plural) ? [singular, plural] : undefined,
        failures: isFailureList(record.failures) ? record.failures.map(({ reason, count }) => ({ reason, count })) : [],
        step: isCount(phase.index) ? phase.index : undefined,
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
 * The step prefix of actor-progress's wording for a run in steps: "Step 1 of 2 · Listing: " before
 * the counts of that step (also after "Migrating to another server, will resume at ").
 */
const STEP_PREFIX = /\bStep (\d+)(?: of \d+)? · .*?: /;

/**
 * Best-effort counts from a status message, for a child with no progress record: actor-progress's own
 * wording ("40 of 60 pages done", "40 of at least 60 pages", "3 failed (HTTP 500)", "Step 1 of 2 ·
 * Listing: 40 of 100 pages done") and Crawlee's ("Crawled 40/60 pages, 3 failed requests", "Finished!
 * Total 63 requests: 60 succeeded, 3 failed."). Undefined when the message has no counts. Pure.
 */
export function countsFromStatusMessage(message: string | undefined): MessageCounts | undefined {
    if (!message) return undefined;
    // A step's number is no count: "Step 1 of 2" is not "1 of 2 pages".
    const stepMatch = STEP_PREFIX.exec(message);
    const rest = stepMatch ? message.replace(STEP_PREFIX, '') : message;
    const counts = countsIn(rest);
    if (!counts) return undefined;
    const failures = counts.failed > 0 ? failuresIn(rest, counts.failed) : undefined;
    return {
        ...counts,
        ...(failures === undefined ? {} : { failures }),
        ...(stepMatch?.[1] === undefined ? {} : { step: Number(stepMatch[1]) }),
    };
}

function countsIn(message: string): MessageCounts | undefined {
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

/** The text inside the brackets that open at `start`, brackets within it kept: "HTTP 500, blocked: HTTP 403". */
function bracketed(text: string, start: number): string | undefined {
    let depth = 0;
    for (let index = start; index < text.length; index++) {
        const char = text[index];
        if (char === '(') depth += 1;
        else if (char === ')' && --depth === 0) return text.slice(start + 1, index);
    }
    return undefined;
}

/** Splits "2 × HTTP 500, 1 × blocked: HTTP 403" at the commas outside brackets. */
function topLevelItems(text: string): string[] {
    const items: string[] = [];
    let depth = 0;
    let from = 0;
    for (let index = 0; index < text.length; index++) {
        const char = text[index];
        if (char === '(') depth += 1;
        else if (char === ')') depth -= 1;
        else if (char === ',' && depth === 0 && text[index + 1] === ' ') {
            items.push(text.slice(from, index));
            from = index + 2;
        }
    }
    items.push(text.slice(from));
    return items;
}

/**
 * Why units failed, from the brackets after "N failed" (or "N failed here"): "(HTTP 500)" is every
 * failure, "(2 × HTTP 500, 1 × timeout)" each, "(mostly HTTP 429)" at least half of them (what is not
 * said stays unknown). Undefined when the message names no reason.
 */
function failuresIn(message: string, failed: number): FailureCount[] | undefined {
    const match = new RegExp(String.raw`${NUMBER} failed(?: here)? \(`).exec(message);
    if (!match) return undefined;
    const inside = bracketed(message, match.index + match[0].length - 1);
    if (!inside) return undefined;
    const mostly = /^mostly (.+)$/.exec(inside);
    if (mostly?.[1]) return [{ reason: mostly[1], count: Math.ceil(failed / 2) }];
    const items = topLevelItems(inside);
    const counted = items.map((item) => new RegExp(`^${NUMBER} × (.+)$`).exec(item));
    if (items.length === 1 && !counted[0]) return [{ reason: inside, count: failed }];
    const failures: FailureCount[] = [];
    for (const each of counted) {
        if (each?.[1] === undefined || each[2] === undefined) return undefined; // not our wording
        failures.push({ reason: each[2], count: toNumber(each[1]) });
    }
    return failures;
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
