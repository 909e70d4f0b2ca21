import type { IncomingHttpHeaders } from 'node:http';
import { checkToken } from './auth.js';
import type { DecodedBody } from './body.js';
import { ApiError } from './errors.js';
import type { RunUpdate } from './run.js';

export interface ApiRequest {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    body: DecodedBody;
}

/** What a request asks of the run once it passed every check. */
export type ApiAction = { kind: 'get' } | { kind: 'update'; update: RunUpdate } | { kind: 'reboot' };

const RUN_ROUTE = /^\/v2\/actor-runs\/([^/]+)(\/reboot)?\/?$/;

/**
 * Decides what a request does, in the API's order of checks: route, then token, then the run id,
 * then the body. Returns the action or the error to answer with. Pure, so every branch is easy to test.
 */
export function route(request: ApiRequest, runId: string, token: string): ApiAction | ApiError {
    const match = RUN_ROUTE.exec(request.path);
    if (match === null) {
        return new ApiError(404, 'page-not-found', `Route not found: ${request.method} ${request.path}`);
    }
    const reboot = match[2] !== undefined;
    const allowed = reboot ? ['POST'] : ['GET', 'PUT'];
    if (!allowed.includes(request.method)) {
        return new ApiError(405, 'method-not-allowed', `Method ${request.method} is not allowed for ${request.path}`);
    }

    const authError = checkToken(request.headers, request.query, token);
    if (authError) return authError;

    if (decodeURIComponent(match[1] ?? '') !== runId) {
        return new ApiError(404, 'record-not-found', 'Actor run was not found');
    }
    if (request.body.error) return request.body.error;

    if (request.method === 'GET') return { kind: 'get' };
    if (reboot) return { kind: 'reboot' };
    const update = parseUpdate(request.body);
    return update instanceof ApiError ? update : { kind: 'update', update };
}

/** Validates a PUT body: the fields the emulator knows must have the right type; unknown fields are ignored. */
function parseUpdate(body: DecodedBody): RunUpdate | ApiError {
    // An empty body updates nothing, like `{}`.
    if (!body.present) return {};
    const { json } = body;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        return new ApiError(400, 'invalid-input', 'Request body must be a JSON object');
    }
    const { statusMessage, isStatusMessageTerminal } = json as Record<string, unknown>;
    if (statusMessage !== undefined && typeof statusMessage !== 'string') {
        return new ApiError(400, 'invalid-input', 'Invalid value of field "statusMessage": must be a string');
    }
    if (isStatusMessageTerminal !== undefined && typeof isStatusMessageTerminal !== 'boolean') {
        return new ApiError(
            400,
            'invalid-input',
            'Invalid value of field "isStatusMessageTerminal": must be a boolean',
        );
    }
    const update: RunUpdate = {};
    if (statusMessage !== undefined) update.statusMessage = statusMessage;
    if (isStatusMessageTerminal !== undefined) update.isStatusMessageTerminal = isStatusMessageTerminal;
    return update;
}
