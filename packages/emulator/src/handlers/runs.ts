import type { Run } from '../api-types.js';
import { ApiError, invalidInput, notFound } from '../errors.js';
import { data, noContent, type Reply } from '../http/reply.js';
import { applyUpdate, type RunUpdate, shortRun, snapshotRun } from '../platform/run-data.js';
import type { RunRecord } from '../platform/run-record.js';
import type { Context } from './context.js';
import { booleanParam, numberParam, paginated, pagination } from './query.js';

/** The API waits at most 60 s for a run to finish (`waitForFinish`). */
const MAX_WAIT_SECS = 60;

/** The run of `:runId`; on an Actor's path (`/v2/acts/:actorId/runs/:runId`) it must be that Actor's. */
export function requireRun(context: Context): RunRecord {
    const { runId = '', actorId } = context.params;
    const run = context.platform.run(runId);
    if (run === undefined) throw notFound('Actor run');
    if (actorId !== undefined && context.platform.actors.resolve(actorId)?.id !== run.data.actId) {
        throw notFound('Actor run');
    }
    return run;
}

export function runSnapshot(run: RunRecord): Run {
    return snapshotRun(run.data, new Date());
}

/** Holds the answer until the run has finished or `seconds` have passed, as `waitForFinish` does. */
export async function waitForRun(context: Context, run: RunRecord, seconds: number): Promise<void> {
    if (seconds <= 0 || run.isFinished) return;
    let cancel: () => void = () => {};
    const timeout = new Promise<void>((resolve) => {
        cancel = context.platform.timers.after(seconds * 1000, resolve);
    });
    await Promise.race([run.whenFinished(), timeout]);
    cancel();
}

function waitSecs(context: Context): number {
    return numberParam(context.query, 'waitForFinish', 0, { max: Number.POSITIVE_INFINITY });
}

/** `GET /v2/actor-runs/:runId` (and `?waitForFinish=`). */
export async function getRun(context: Context): Promise<Reply> {
    const run = requireRun(context);
    await waitForRun(context, run, Math.min(waitSecs(context), MAX_WAIT_SECS));
    return data(200, runSnapshot(run));
}

/** `PUT /v2/actor-runs/:runId`: the status message (the fields it knows must have the right type). */
export function updateRun(context: Context): Reply {
    const run = requireRun(context);
    const update = parseUpdate(context);
    applyUpdate(run.data, update);
    return data(200, runSnapshot(run));
}

function parseUpdate(context: Context): RunUpdate {
    // An empty body updates nothing, like `{}`.
    if (!context.body.present) return {};
    const json = context.body.parseJson();
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw invalidInput('Request body must be a JSON object');
    }
    const { statusMessage, isStatusMessageTerminal } = json as Record<string, unknown>;
    if (statusMessage !== undefined && typeof statusMessage !== 'string') {
        throw invalidInput('Invalid value of field "statusMessage": must be a string');
    }
    if (isStatusMessageTerminal !== undefined && typeof isStatusMessageTerminal !== 'boolean') {
        throw invalidInput('Invalid value of field "isStatusMessageTerminal": must be a boolean');
    }
    const update: RunUpdate = {};
    if (statusMessage !== undefined) update.statusMessage = statusMessage;
    if (isStatusMessageTerminal !== undefined) update.isStatusMessageTerminal = isStatusMessageTerminal;
    return update;
}

/** `DELETE /v2/actor-runs/:runId`: "Only finished runs can be deleted." */
export function deleteRun(context: Context): Reply {
    const run = requireRun(context);
    if (!run.isFinished) {
        throw new ApiError(
            400,
            'cannot-remove-running-run',
            `Actor run ${run.id} is ${run.data.status}: only finished runs can be deleted`,
        );
    }
    context.platform.deleteRun(run);
    return noContent();
}

/** `POST /v2/actor-runs/:runId/abort[?gracefully=true]`: a finished run is answered as it is. */
export function abortRun(context: Context): Reply {
    const run = requireRun(context);
    run.abort(booleanParam(context.query, 'gracefully'));
    return data(200, runSnapshot(run));
}

/** `POST /v2/actor-runs/:runId/reboot`: answered with the run; the process is not restarted. */
export function rebootRun(context: Context): Reply {
    return data(200, runSnapshot(requireRun(context)));
}

/** The run lists: the reference's `RunShort` items (no status message), filtered and paginated. */
export function listRuns(context: Context, runs: readonly RunRecord[]): Reply {
    const { query } = context;
    const statuses = query.get('status')?.split(',').filter(Boolean);
    const after = query.get('startedAfter');
    const before = query.get('startedBefore');
    const selected = runs
        .map((run) => run.data)
        .filter((run) => statuses === undefined || statuses.includes(run.status))
        .filter((run) => after === null || Date.parse(run.startedAt) >= Date.parse(after))
        .filter((run) => before === null || Date.parse(run.startedAt) <= Date.parse(before))
        .map(shortRun);
    return data(200, paginated(selected, pagination(query)));
}

/** `GET /v2/actor-runs`: every run of the user, oldest first. */
export function listAllRuns(context: Context): Reply {
    return listRuns(context, context.platform.runs());
}
