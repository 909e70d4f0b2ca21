import type { EmulatedRun, PlatformEmulator, StatusMessageRecord, TimelineEntry } from '@actor-progress/emulator';
import type { ApifyClient } from 'apify-client';

/** What a worker's message says, read back from its text. */
export interface WorkerMessage {
    /** The whole crawl: "N of [at least] M"; undefined when the message does not say. */
    handled: number | undefined;
    total: number | undefined;
    atLeast: boolean;
    /** "this run N" (or "Finished my share: N pages"). */
    share: number | undefined;
    /** "N failed here". */
    failedHere: number;
    /** The worker's last reading showed the queue empty: "the queue was empty when this run ended". */
    crawlDone: boolean;
}

const count = (text: string | undefined) => (text === undefined ? undefined : Number(text.replace(/,/g, '')));

/** Reads a worker's message the way a person would. */
export function readWorkerMessage(text: string): WorkerMessage {
    const crawl = /(?:^|: |stands at )([\d,]+) of (at least )?([\d,]+)/.exec(text);
    const share = /this run ([\d,]+)|Finished my share: ([\d,]+)/.exec(text);
    return {
        handled: count(crawl?.[1]),
        total: count(crawl?.[3]),
        atLeast: crawl?.[2] !== undefined,
        share: count(share?.[1] ?? share?.[2]),
        failedHere: count(/([\d,]+) failed here/.exec(text)?.[1]) ?? 0,
        crawlDone: text.includes('the queue was empty when this run ended'),
    };
}

function handledAt(entry: TimelineEntry): boolean {
    return entry.kind === 'requestQueue_request_put' && Boolean((entry.body as { handledAt?: unknown })?.handledAt);
}

/**
 * When each request of the shared queue was marked handled, by any run, in order: the truth a worker's
 * message is checked against. `truth(at)` is how many were handled by then.
 */
export function handledTimeline(runs: readonly EmulatedRun[]): { times: number[]; truth(at: number): number } {
    const times = runs.flatMap((run) => run.timeline.filter(handledAt).map((entry) => entry.at)).sort((a, b) => a - b);
    return { times, truth: (at) => times.filter((time) => time <= at).length };
}

export function getRun(emulator: PlatformEmulator, id: string): EmulatedRun {
    const run = emulator.getRun(id);
    if (!run) throw new Error(`No run ${id}`);
    return run;
}

/** Times at which `run` made calls of `kind`, in order. */
export function callTimes(run: EmulatedRun, kind: string): number[] {
    return run.timeline.filter((entry) => entry.kind === kind).map((entry) => entry.at);
}

/** Creates the named queue with `startUrl` in it, as a parent would before starting its workers. */
export async function seedQueue(client: ApifyClient, name: string, startUrl: string): Promise<string> {
    const queue = await client.requestQueues().getOrCreate(name);
    await client.requestQueue(queue.id).addRequest({ url: startUrl, uniqueKey: startUrl });
    return queue.id;
}

/** The URLs of the pages `run` stored in its default dataset (the workers store one item per page). */
export function storedUrls(emulator: PlatformEmulator, run: EmulatedRun): string[] {
    const items = emulator.dataset(run.info.defaultDatasetId)?.items() ?? [];
    return (items as { url: string }[]).map((item) => item.url);
}

/** The whole crawl's "handled" in each message that names it, in order. */
export function handledIn(messages: readonly StatusMessageRecord[]): number[] {
    return messages
        .map((message) => readWorkerMessage(message.message).handled)
        .filter((handled) => handled !== undefined);
}
