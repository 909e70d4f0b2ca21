import { invalidInput } from '../errors.js';
import type { Reply } from '../http/reply.js';
import { assertChargedByItself, chargeEvents } from '../platform/pricing.js';
import type { Context } from './context.js';
import { requireRun } from './runs.js';

/** The header apify-client sends with every charge (`RunClient.charge()`), one key per charge. */
const IDEMPOTENCY_HEADER = 'idempotency-key';

function parseCharge(context: Context): { eventName: string; count: number } {
    const json = context.body.present ? context.body.parseJson() : undefined;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw invalidInput('Request body must be a JSON object: {"eventName": "...", "count": 1}');
    }
    const { eventName, count } = json as Record<string, unknown>;
    if (typeof eventName !== 'string' || eventName === '') {
        throw invalidInput('Invalid value of field "eventName": must be a non-empty string');
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        throw invalidInput('Invalid value of field "count": must be an integer >= 1');
    }
    return { eventName, count };
}

/**
 * `POST /v2/actor-runs/:runId/charge` (operationId `PostChargeRun`): charges `count` events of
 * `eventName` to a pay-per-event run, from the run itself (its own token). A repeated
 * `idempotency-key` charges nothing more and answers the same. 201 with an empty object, as the
 * reference gives it; the user's maximum is not checked here (the reference: "the API does not
 * check this").
 */
export function chargeRun(context: Context): Reply {
    const run = requireRun(context);
    assertChargedByItself(run.data, context.caller.id);
    const { eventName, count } = parseCharge(context);
    const key = context.headers[IDEMPOTENCY_HEADER];
    chargeEvents(run.data, eventName, count, typeof key === 'string' && key !== '' ? key : undefined);
    return { type: 'json', status: 201, json: {} };
}
