import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.js';

/**
 * Checks the token the way the API does: the `Authorization: Bearer` header or the `token` query
 * parameter (apify-client always uses the header; curl users often use the parameter).
 * Returns the error to answer with, or `undefined` when the token is right.
 */
export function checkToken(headers: IncomingHttpHeaders, query: URLSearchParams, token: string): ApiError | undefined {
    const fromHeader = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
    const given = fromHeader ?? query.get('token') ?? undefined;
    if (given === undefined || given === '') {
        return new ApiError(401, 'token-not-provided', 'Authentication token was not provided');
    }
    if (given !== token) {
        return new ApiError(401, 'invalid-token', 'Authentication token is not valid');
    }
    return undefined;
}
