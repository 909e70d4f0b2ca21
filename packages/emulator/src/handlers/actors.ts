import { ApiError } from '../errors.js';
import { data, type Reply } from '../http/reply.js';
import { applyPricing, pricingOfActor } from '../platform/pricing.js';
import type { RunInput } from '../run-types.js';
import type { Context } from './context.js';
import { numberParam } from './query.js';
import { listRuns, runSnapshot, waitForRun } from './runs.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** `GET /v2/acts/:actorId`: the Actors the emulator has started runs of. */
export function getActor(context: Context): Reply {
    const { platform } = context;
    const actor = platform.actors.require(context.params.actorId ?? '');
    const totalRuns = platform.runs().filter((run) => run.data.actId === actor.id).length;
    return data(200, platform.actors.describe(actor, totalRuns));
}

/** `GET /v2/acts/:actorId/runs`: that Actor's runs (none yet for an Actor never run). */
export function listActorRuns(context: Context): Reply {
    const actor = context.platform.actors.resolve(context.params.actorId ?? '');
    const runs = actor === undefined ? [] : context.platform.runs().filter((run) => run.data.actId === actor.id);
    return listRuns(context, runs);
}

/** The body of a run start, stored as the run's INPUT with its content type. */
function inputOf(context: Context): RunInput | undefined {
    const { body } = context;
    if (!body.present) return undefined;
    const contentType = body.contentType ?? JSON_TYPE;
    const isJson = (body.mediaType ?? 'application/json') === 'application/json';
    if (isJson && body.json === undefined) {
        throw new ApiError(400, 'run-input-body-not-valid-json', 'The input of the run is not valid JSON');
    }
    return { raw: body.raw, contentType, json: isJson ? body.json : undefined };
}

/** Memory "to a power of 2 with a minimum of 128" megabytes. */
function memoryOf(context: Context): number {
    const memory = numberParam(context.query, 'memory', 1024, { min: 128, integer: true });
    if (!Number.isInteger(Math.log2(memory))) {
        throw new ApiError(400, 'invalid-input', `Query parameter "memory" must be a power of 2, got "${memory}"`);
    }
    return memory;
}

/**
 * `POST /v2/acts/:actorId/runs`: a new run (own token, storages, INPUT, websocket), answered at once with
 * the run READY, as the API answers it (201, `Location`); its process is started through the `startRun`
 * hook after the answer. Without a hook there is nothing to run, and the answer says so; with the
 * `actors` option, an Actor not in it is 404.
 */
export async function startActorRun(context: Context): Promise<Reply> {
    const { platform } = context;
    if (!platform.canLaunch) {
        throw new ApiError(
            501,
            'not-implemented',
            'POST /v2/acts/{actorId}/runs ("Run Actor") needs a `startRun` hook: ' +
                'PlatformEmulator.start({ startRun: (run) => spawn(..., { env: { ...process.env, ...run.env() } }) })',
        );
    }
    const actor = platform.actors.forRun(context.params.actorId ?? '');
    const timeoutSecs = numberParam(context.query, 'timeout', 0);
    const memoryMbytes = memoryOf(context);
    const waitSecs = Math.min(numberParam(context.query, 'waitForFinish', 0), 60);
    const input = inputOf(context);
    const maxTotalChargeUsd = context.query.has('maxTotalChargeUsd')
        ? numberParam(context.query, 'maxTotalChargeUsd', 0)
        : undefined;
    const run = await platform.createRun({ actor, input, timeoutSecs, memoryMbytes, origin: 'API' });
    applyPricing(run.data, pricingOfActor(actor), maxTotalChargeUsd);
    const launched = platform.launch(run);
    if (waitSecs > 0) {
        await launched;
        await waitForRun(context, run, waitSecs);
    }
    return data(201, runSnapshot(run), { Location: `${context.apiUrl}/v2/actors/${actor.id}/runs/${run.id}` });
}
