import type { IncomingHttpHeaders } from 'node:http';
import type { RequestBody } from '../http/body.js';
import type { LimitClass } from '../http/rate-limit.js';
import type { Reply } from '../http/reply.js';
import type { Platform } from '../platform/platform.js';
import type { RunRecord } from '../platform/run-record.js';

/** Everything a handler needs: the platform, the request, and the run whose token made it. */
export interface Context {
    readonly platform: Platform;
    readonly params: Readonly<Record<string, string>>;
    readonly query: URLSearchParams;
    readonly headers: IncomingHttpHeaders;
    readonly body: RequestBody;
    /** The run of the request's token (the default run for the emulator's own token). */
    readonly caller: RunRecord;
    /** `http://127.0.0.1:PORT`, for URLs in answers and run environments. */
    readonly apiUrl: string;
}

/** Handlers answer a reply, or throw an `ApiError` (the API's error answer). */
export type Handler = (context: Context) => Reply | Promise<Reply>;

/** A served endpoint: its handler, and the per-resource rate limit that applies to it, if any. */
export interface Endpoint {
    handler: Handler;
    limit?: LimitClass;
}
