import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../errors.js';

/**
 * The token a request carries, the way the API reads it: the `Authorization: Bearer` header or the
 * `token` query parameter (apify-client always uses the header; curl users often use the parameter).
 */
export function tokenOf(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
    const fromHeader = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
    const given = fromHeader ?? query.get('token') ?? undefined;
    return given === '' ? undefined : given;
}

/** The 401 for a request whose token is missing or unknown; `undefined` when `known` accepts it. */
export function checkToken(token: string | undefined, known: (token: string) => boolean): ApiError | undefined {
    if (token === undefined) return new ApiError(401, 'token-not-provided', 'Authentication token was not provided');
    if (!known(token)) return new ApiError(401, 'invalid-token', 'Authentication token is not valid');
    return undefined;
}
