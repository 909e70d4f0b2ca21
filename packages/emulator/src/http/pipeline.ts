import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AttemptCounter, buildEntry, type HandledRequest } from '../entry.js';
import { ApiError, errorForStatus, sendError } from '../errors.js';
import { type FaultBook, faultLabel } from '../faults.js';
import { ENDPOINTS } from '../handlers/index.js';
import type { Platform } from '../platform/platform.js';
import type { RunRecord } from '../platform/run-record.js';
import type { Timeline } from '../timeline.js';
import { checkToken, tokenOf } from './auth.js';
import { type RequestBody, readBody } from './body.js';
import { limitOf, type RateLimiter } from './rate-limit.js';
import { type Reply, sendReply } from './reply.js';
import { matchRoute, notServed, type RouteMatch } from './router.js';

/** What the pipeline works with; the emulator owns all of it. */
interface PipelineDeps {
    platform: Platform;
    faults: FaultBook;
    /** Every request, in the order handled. */
    timeline: Timeline;
    attempts: AttemptCounter;
    limiter: RateLimiter;
    keepAlive: boolean;
    maxBodyBytes: number;
    apiUrl(): string;
    closed(): boolean;
    /** Waits without keeping the emulator alive after close(); resolves `false` if it was closed meanwhile. */
    delay(ms: number): Promise<boolean>;
}

/** A request being handled. `refuseConnections(true)` marks it severed: the server went away, nothing applies. */
export interface InFlight {
    severed: boolean;
}

const STATUS_UPDATE = 'actorRun_put';

/** The path parameter that names the resource a rate limit counts against. */
function resourceOf(params: Readonly<Record<string, string>>): string {
    const { storeId, datasetId, queueId, runId, buildOrRunId, actorId } = params;
    return storeId ?? datasetId ?? queueId ?? runId ?? buildOrRunId ?? actorId ?? 'user';
}

async function dispatch(
    deps: PipelineDeps,
    route: RouteMatch | ApiError,
    token: string | undefined,
    body: RequestBody,
    req: IncomingMessage,
    query: URLSearchParams,
): Promise<Reply | ApiError> {
    // The API's order of checks: route, then token, then the body, then the limit, then the resource.
    if (route instanceof ApiError) return route;
    const { operation, params } = route;
    const endpoint = ENDPOINTS[operation.operationId];
    if (endpoint === undefined) return notServed(operation);
    const authError = checkToken(token, (given) => deps.platform.runByToken(given) !== undefined);
    if (authError) return authError;
    const caller = deps.platform.runByToken(token as string) as RunRecord;
    if (body.error) return body.error;
    if (endpoint.limit !== undefined) {
        const limited = deps.limiter.take(`${operation.operationId}:${resourceOf(params)}`, endpoint.limit);
        if (limited) return limited;
    }
    try {
        return await endpoint.handler({
            platform: deps.platform,
            params,
            query,
            headers: req.headers,
            body,
            caller,
            apiUrl: deps.apiUrl(),
        });
    } catch (error) {
        if (error instanceof ApiError) return error;
        return new ApiError(500, 'internal-error', `The platform emulator failed: ${String(error)}`);
    }
}

/**
 * Handles one request: reads the body, applies any fault rule, routes it, answers, and records it in
 * the emulator's timeline and in the timelines of the runs it concerns (the caller's and the one it
 * addresses). A request whose client left during an injected delay is still applied, as a real server
 * applies it, and recorded with `clientGone`.
 */
export async function handleRequest(
    deps: PipelineDeps,
    req: IncomingMessage,
    res: ServerResponse,
    flight: InFlight,
): Promise<void> {
    const { platform } = deps;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req, deps.maxBodyBytes);
    const receivedAt = platform.clock.now();
    const route = matchRoute(method, url.pathname);
    const token = tokenOf(req.headers, url.searchParams);
    const caller = token === undefined ? undefined : platform.runByToken(token);
    const kind = route instanceof ApiError ? undefined : route.operation.operationId;
    const targetId = route instanceof ApiError ? undefined : (route.params.runId ?? route.params.buildOrRunId);
    const target = targetId === undefined ? undefined : platform.run(targetId);
    // The run whose Console the entry shows: the one addressed, else the caller, else the default run.
    const shown = target ?? caller ?? platform.defaultRun;
    const afterTerminal = method === 'PUT' && kind === STATUS_UPDATE && shown.console.terminalAccepted;
    const request: Omit<HandledRequest, 'status'> = {
        receivedAt,
        method,
        path: url.pathname,
        body: body.json,
        contentEncoding: req.headers['content-encoding'],
        kind,
        runId: caller?.id,
    };

    const record = (status: number, extra: Partial<HandledRequest> = {}, statusApplied = false) => {
        const at = platform.clock.now();
        if (statusApplied && target !== undefined) {
            target.console.applied(at, body.json, target.data.isStatusMessageTerminal);
        }
        const handled = { ...request, ...extra, status };
        const entry = buildEntry(
            handled,
            {
                at,
                time: platform.clock.isoTime(at),
                currentMessage: shown.data.statusMessage ?? undefined,
                afterTerminal,
            },
            deps.attempts.count(handled),
        );
        deps.timeline.push(entry);
        caller?.timeline.push(entry);
        if (target !== undefined && target !== caller) target.timeline.push(entry);
        caller?.countCall(kind);
    };

    // "Each API endpoint returns its rate limit in X-RateLimit-Limit header", errors and all.
    const limitClass = kind === undefined ? undefined : ENDPOINTS[kind]?.limit;
    if (limitClass !== undefined) res.setHeader('X-RateLimit-Limit', String(limitOf(limitClass)));

    const rule = deps.faults.take({
        method,
        path: url.pathname,
        body: body.json,
        kind,
        runId: caller?.id,
        query: url.searchParams,
    });
    const fault = rule === undefined ? undefined : faultLabel(rule);
    if (rule?.delayMs !== undefined && !(await deps.delay(rule.delayMs))) return;
    if (deps.closed() || flight.severed) {
        // refuseConnections cut it: the server went away before handling it, so nothing was applied.
        record(0, { fault: fault ?? 'refused' });
        return;
    }
    // A client that gave up during the delay is gone, but its request arrived: a server still applies it.
    const clientGone = res.destroyed;
    if (rule?.hang) {
        // Left open on purpose; close() or refuseConnections(true) destroys the socket.
        record(0, { fault: 'hang' });
        return;
    }
    if (rule?.drop) {
        record(0, { fault: 'drop' });
        req.socket.destroy();
        return;
    }
    const omitBody = method === 'HEAD';
    if (rule?.status !== undefined) {
        const error = errorForStatus(rule.status);
        record(error.status, { fault, clientGone });
        sendError(res, error, deps.keepAlive, omitBody);
        return;
    }

    const outcome = await dispatch(deps, route, token, body, req, url.searchParams);
    const applied = !(outcome instanceof ApiError) && kind === STATUS_UPDATE && outcome.status < 300;
    record(outcome.status, { fault, clientGone }, applied);
    if (outcome instanceof ApiError) sendError(res, outcome, deps.keepAlive, omitBody);
    else sendReply(res, outcome, deps.keepAlive, omitBody);
}
