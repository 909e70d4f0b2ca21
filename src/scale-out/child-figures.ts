import { isCount } from '../counting/count.js';
import { isFailureList } from '../counting/failure-counts.js';
import type { FailureCount } from '../counting/snapshot.js';
import { failuresIn, NUMBER, toNumber } from './status-message-parts.js';

/**
 * The version of the progress document this code reads (`schemaVersion`, see docs/progress-record.md):
 * fields may be added without a new version; a field that changes meaning or goes away bumps it. So a
 * record of a newer version is not read at all: its fields may not mean what they meant.
 */
export const READ_SCHEMA_VERSION = 1;

/** A step that has ended, as a child's record lists it (`completedPhases`). */
export interface ChildRecordStep {
    done: number;
    failed: number;
    total: number | undefined;
    /** The step's own noun; the record's `unit` when it had none. */
    unit: readonly [string, string] | undefined;
}

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
    /** How many steps it has in all, when it said so. */
    stepCount?: number | undefined;
    /** The steps it has finished, in order (step 1 first), when it works in steps. */
    completedSteps?: readonly ChildRecordStep[];
    /** The child's last status message when the record was written: a newer one says more. */
    message: string | undefined;
    /**
     * Set when the child is a worker on a shared request queue: the whole crawl, as it saw it. The
     * queue's id tells one crawl from another; a record may leave it out (it is public).
     */
    sharedQueue: { queueId?: string; handled: number; total: number; totalIsEstimate: boolean } | undefined;
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
    /** How many steps there are, when the message says ("of 3"). */
    stepCount?: number;
    /** A worker on a shared queue ("... across 3 runs · this run 40"): the whole crawl, as it said it. */
    sharedCrawl?: { handled: number; total: number; totalIsEstimate: boolean };
}

const isWord = (value: unknown): value is string => typeof value === 'string' && value !== '';

function readSharedQueue(value: unknown): ChildRecord['sharedQueue'] {
    if (typeof value !== 'object' || value === null) return undefined;
    const queue = value as Record<string, unknown>;
    if (!isCount(queue.handled) || !isCount(queue.total)) return undefined;
    return {
        ...(isWord(queue.queueId) ? { queueId: queue.queueId } : {}),
        handled: queue.handled,
        total: queue.total,
        totalIsEstimate: queue.totalIsEstimate !== false,
    };
}

function readUnit(value: unknown): readonly [string, string] | undefined {
    const [singular, plural] = Array.isArray(value) ? (value as unknown[]) : [];
    return isWord(singular) && isWord(plural) ? [singular, plural] : undefined;
}

function readCompletedSteps(value: unknown): ChildRecordStep[] {
    if (!Array.isArray(value)) return [];
    const steps: ChildRecordStep[] = [];
    for (const item of value as unknown[]) {
        const step = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
        // A list that is not what it should be says nothing reliable about the steps: none are taken.
        if (!isCount(step.done) || !isCount(step.failed)) return [];
        steps.push({
            done: step.done,
            failed: step.failed,
            total: isCount(step.total) ? step.total : undefined,
            unit: readUnit(step.unit),
        });
    }
    return steps;
}

/** What reading a child's record gave: the record, or why there is none to use. */
export interface RecordRead {
    record: ChildRecord | undefined;
    /** The record is of a newer `schemaVersion` than this code reads: it is not used. */
    newerVersion?: number;
}

/**
 * Reads a child's progress record, as `parseProgressRecord` does, and says when a record was left
 * unread because its `schemaVersion` is newer than `READ_SCHEMA_VERSION`. A record with no version
 * (written by hand) is read as the current one. Pure.
 */
export function readChildRecord(value: unknown): RecordRead {
    let data = value;
    if (typeof data === 'string' || Buffer.isBuffer(data)) {
        try {
            data = JSON.parse(String(data));
        } catch {
            return { record: undefined };
        }
    }
    if (typeof data !== 'object' || data === null) return { record: undefined };
    const version = (data as Record<string, unknown>).schemaVersion;
    if (typeof version === 'number' && version > READ_SCHEMA_VERSION)
        return { record: undefined, newerVersion: version };
    return { record: parseRecordFields(data as Record<string, unknown>) };
}

/**
 * Reads a child's progress record, or undefined when it is not one: a key-value store holds whatever
 * anyone put under the key, so nothing is trusted without a check. Fields added to the document later
 * are ignored; a record of a newer `schemaVersion` is not read (see `readChildRecord`). Pure.
 */
export function parseProgressRecord(value: unknown): ChildRecord | undefined {
    return readChildRecord(value).record;
}

function parseRecordFields(record: Record<string, unknown>): ChildRecord | undefined {
    if (!isWord(record.status) || !isCount(record.done) || !isCount(record.failed)) return undefined;
    const phase = (typeof record.phase === 'object' && record.phase !== null ? record.phase : {}) as {
        index?: unknown;
        count?: unknown;
    };
    return {
        status: record.status,
        done: record.done,
        failed: record.failed,
        total: isCount(record.total) ? record.total : undefined,
        totalIsEstimate: record.totalIsEstimate === true,
        unit: readUnit(record.unit),
        failures: isFailureList(record.failures) ? record.failures.map(({ reason, count }) => ({ reason, count })) : [],
        step: isCount(phase.index) ? phase.index : undefined,
        stepCount: isCount(phase.count) ? phase.count : undefined,
        completedSteps: readCompletedSteps(record.completedPhases),
        message: typeof record.message === 'string' ? record.message : undefined,
        sharedQueue: readSharedQueue(record.sharedQueue),
    };
}

/** True when the record says the child's reporting has ended (its terminal message was made). */
export function recordSaysEnded(record: ChildRecord | undefined): boolean {
    return record !== undefined && record.status !== 'running' && record.status !== 'migrating';
}

/**
 * The step prefix of actor-progress's wording for a run in steps: "Step 1 of 2 · Listing: " before
 * the counts of that step (also after "Migrating to another server, will resume at ").
 */
const STEP_PREFIX = /\bStep (\d+)(?: of (\d+))? · .*?: /;

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
        ...(stepMatch?.[2] === undefined ? {} : { stepCount: Number(stepMatch[2]) }),
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
