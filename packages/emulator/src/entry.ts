import { createHash } from 'node:crypto';
import type { TimelineEntry } from './types.js';

/** What the emulator knows about a request once it has been handled. */
export interface HandledRequest {
    receivedAt: number;
    method: string;
    path: string;
    status: number;
    body: unknown;
    contentEncoding?: string | undefined;
    fault?: string | undefined;
    kind?: string | undefined;
    runId?: string | undefined;
    clientGone?: boolean;
}

/** Where the request stands with the run it concerns, computed when it was handled. */
interface EntryContext {
    at: number;
    time: string;
    /** The Console's message after the request. */
    currentMessage: string | undefined;
    /** A status update to a run whose terminal message was already accepted. */
    afterTerminal: boolean;
}

/**
 * Counts identical requests: a status update is "the same" when run, message and flag match (what a
 * retry re-sends); anything else when method, path and body match.
 */
export class AttemptCounter {
    readonly #attempts = new Map<string, number>();

    count(request: HandledRequest): number {
        const { statusMessage, isStatusMessageTerminal } = statusFields(request.body);
        const key =
            request.method === 'PUT' && statusMessage !== undefined
                ? `PUT\n${request.path}\n${isStatusMessageTerminal === true}\n${statusMessage}`
                : `${request.method}\n${request.path}\n${JSON.stringify(request.body) ?? ''}`;
        // A digest, not the body itself: a long crawl pushes megabytes of distinct items.
        const digest = createHash('sha1').update(key).digest('base64');
        const attempt = (this.#attempts.get(digest) ?? 0) + 1;
        this.#attempts.set(digest, attempt);
        return attempt;
    }
}

export function buildEntry(request: HandledRequest, context: EntryContext, attempt: number): TimelineEntry {
    const entry: TimelineEntry = {
        at: context.at,
        receivedAt: request.receivedAt,
        time: context.time,
        method: request.method,
        path: request.path,
        status: request.status,
        body: request.body,
        ...statusFields(request.body),
        attempt,
        currentMessage: context.currentMessage,
    };
    if (request.contentEncoding !== undefined) entry.contentEncoding = request.contentEncoding;
    if (request.fault !== undefined) entry.fault = request.fault;
    if (context.afterTerminal) entry.afterTerminal = true;
    if (request.kind !== undefined) entry.kind = request.kind;
    if (request.runId !== undefined) entry.runId = request.runId;
    if (request.clientGone) entry.clientGone = true;
    return entry;
}

function statusFields(body: unknown): { statusMessage?: string; isStatusMessageTerminal?: boolean } {
    if (typeof body !== 'object' || body === null) return {};
    const { statusMessage, isStatusMessageTerminal } = body as Record<string, unknown>;
    const fields: { statusMessage?: string; isStatusMessageTerminal?: boolean } = {};
    if (typeof statusMessage === 'string') fields.statusMessage = statusMessage;
    if (typeof isStatusMessageTerminal === 'boolean') fields.isStatusMessageTerminal = isStatusMessageTerminal;
    return fields;
}
