import { ApiError } from '../errors.js';
import { DOCUMENTED_ENDPOINTS } from './catalogue.js';

/** One documented operation: what the API reference calls it. */
interface Operation {
    method: string;
    /** The path template as the reference writes it, e.g. `/v2/actor-runs/{runId}`. */
    template: string;
    /** The reference's operationId, e.g. `actorRun_put`: the emulator's name for the kind of a request. */
    operationId: string;
    summary: string;
}

/** A request matched to a documented operation, with the path parameters decoded. */
export interface RouteMatch {
    operation: Operation;
    params: Record<string, string>;
    /** `true` for a HEAD answered as the GET it mirrors (HTTP semantics: same headers, no body). */
    head: boolean;
}

interface Template {
    template: string;
    segments: readonly string[];
    /** Literal segments first: `/runs/last` wins over `/runs/{runId}`. */
    literals: number;
    operations: Map<string, Operation>;
}

function parseCatalogue(lines: readonly string[]): Template[] {
    const byTemplate = new Map<string, Template>();
    for (const line of lines) {
        const [method = '', template = '', operationId = '', ...summary] = line.split(' ');
        let entry = byTemplate.get(template);
        if (entry === undefined) {
            const segments = template.split('/').slice(1);
            const literals = segments.filter((segment) => !segment.startsWith('{')).length;
            entry = { template, segments, literals, operations: new Map() };
            byTemplate.set(template, entry);
        }
        entry.operations.set(method, { method, template, operationId, summary: summary.join(' ') });
    }
    return [...byTemplate.values()].sort((a, b) => b.literals - a.literals);
}

const TEMPLATES = parseCatalogue(DOCUMENTED_ENDPOINTS);

/** Every documented operation, by operationId (the vocabulary of fault rules and call counts). */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(
    TEMPLATES.flatMap((entry) => [...entry.operations.values()].map((op) => [op.operationId, op] as const)),
);

/**
 * Splits a path into decoded segments. `/v2/acts/...` is the older spelling of `/v2/actors/...`
 * (apify-client and most examples still use it); the API serves both.
 * A malformed escape (`%E0%A4%A`) is a client error: 400, as an Express-based API answers it.
 */
function segmentsOf(path: string): string[] | ApiError {
    const raw = path.replace(/\/+$/, '').split('/').slice(1);
    if (raw[0] === 'v2' && raw[1] === 'acts') raw[1] = 'actors';
    const decoded: string[] = [];
    for (const segment of raw) {
        try {
            decoded.push(decodeURIComponent(segment));
        } catch {
            return new ApiError(
                400,
                'invalid-input',
                `The URL path contains a malformed escape sequence: "${segment}"`,
            );
        }
    }
    return decoded;
}

function matchTemplate(template: Template, segments: readonly string[]): Record<string, string> | undefined {
    if (template.segments.length !== segments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, pattern] of template.segments.entries()) {
        const segment = segments[index] ?? '';
        if (pattern.startsWith('{')) {
            if (segment === '') return undefined;
            params[pattern.slice(1, -1)] = segment;
        } else if (pattern !== segment) {
            return undefined;
        }
    }
    return params;
}

/** The methods a 405 lists: the documented ones, and HEAD wherever GET is served. */
function allowedMethods(template: Template): string[] {
    const methods = [...template.operations.keys()];
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return methods;
}

/**
 * Matches a request against the API reference: the operation, or the error a real API answers for a
 * path it does not know (404 `page-not-found`) or a method the path does not take (405).
 */
export function matchRoute(method: string, path: string): RouteMatch | ApiError {
    const segments = segmentsOf(path);
    if (segments instanceof ApiError) return segments;
    for (const template of TEMPLATES) {
        const params = matchTemplate(template, segments);
        if (params === undefined) continue;
        const operation = template.operations.get(method);
        if (operation !== undefined) return { operation, params, head: false };
        const get = template.operations.get('GET');
        if (method === 'HEAD' && get !== undefined) return { operation: get, params, head: true };
        const allowed = allowedMethods(template);
        return new ApiError(
            405,
            'method-not-allowed',
            `This API endpoint can only be accessed using the following HTTP methods: ${allowed.join(', ')}`,
            { Allow: allowed.join(', ') },
        );
    }
    return new ApiError(404, 'page-not-found', `Route not found: ${method} ${path}`);
}

/** The 501 for a documented endpoint the emulator does not serve, named as the reference names it. */
export function notServed(operation: Operation): ApiError {
    return new ApiError(
        501,
        'not-implemented',
        `The platform emulator does not serve ${operation.method} ${operation.template} ` +
            `("${operation.summary}", ${operation.operationId})`,
    );
}
