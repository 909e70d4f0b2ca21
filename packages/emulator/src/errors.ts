import type { ServerResponse } from 'node:http';

/** An error answer in the API's shape: `{"error": {"type": "...", "message": "..."}}`. */
export class ApiError {
    constructor(
        readonly status: number,
        readonly type: string,
        readonly message: string,
        /** Extra response headers (`Allow` on a 405, `X-RateLimit-Limit` on a 429). */
        readonly headers: Readonly<Record<string, string>> = {},
    ) {}
}

/** 404 `record-not-found`, with the API's wording ("Actor run was not found"). */
export function notFound(what: string): ApiError {
    return new ApiError(404, 'record-not-found', `${what} was not found`);
}

/** 400 `invalid-input` naming what is wrong. */
export function invalidInput(message: string): ApiError {
    return new ApiError(400, 'invalid-input', message);
}

/** The error a fault rule answers with, typed the way the API types that status. */
export function errorForStatus(status: number): ApiError {
    if (status === 429) {
        return new ApiError(429, 'rate-limit-exceeded', 'You have exceeded the rate limit of 60 requests per second');
    }
    if (status >= 500) return new ApiError(status, 'internal-error', 'Internal error, please try again later');
    if (status === 401) return new ApiError(401, 'invalid-token', 'Authentication token is not valid');
    if (status === 403) return new ApiError(403, 'insufficient-permissions', 'Insufficient permissions');
    if (status === 404) return new ApiError(404, 'record-not-found', 'Actor run was not found');
    return new ApiError(status, 'invalid-input', `Injected error with status ${status}`);
}

/** Writes a JSON answer; `keepAlive: false` makes Node close the socket once it is sent. */
export function sendJson(
    res: ServerResponse,
    status: number,
    payload: unknown,
    keepAlive: boolean,
    headers: Readonly<Record<string, string>> = {},
    omitBody = false,
): void {
    if (res.destroyed || res.writableEnded) return;
    const body = JSON.stringify(payload);
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    if (!keepAlive) res.setHeader('Connection', 'close');
    res.end(omitBody ? undefined : body);
}

export function sendError(res: ServerResponse, error: ApiError, keepAlive: boolean, omitBody = false): void {
    sendJson(
        res,
        error.status,
        { error: { type: error.type, message: error.message } },
        keepAlive,
        error.headers,
        omitBody,
    );
}
