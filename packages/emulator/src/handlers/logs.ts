import type { ServerResponse } from 'node:http';
import type { Reply } from '../http/reply.js';
import type { RunLog } from '../platform/run-log.js';
import type { Context } from './context.js';
import { booleanParam } from './query.js';
import { requireRun } from './runs.js';

const TEXT = 'text/plain; charset=utf-8';

function follow(log: RunLog, res: ServerResponse): void {
    res.setHeader('Content-Type', TEXT);
    res.write(log.text());
    const stop = log.follow(
        (text) => res.write(text),
        () => res.end(),
    );
    res.once('close', stop);
}

/**
 * `GET /v2/actor-runs/:runId/log` and `GET /v2/logs/:runId`: the run's log as text. With `stream=1`
 * the answer stays open and follows the log until the run ends, which is what `actor.call()` reads.
 */
export function getLog(context: Context): Reply {
    const params = { ...context.params, runId: context.params.runId ?? context.params.buildOrRunId ?? '' };
    const run = requireRun({ ...context, params });
    if (booleanParam(context.query, 'stream') && !run.log.ended) {
        return { type: 'stream', status: 200, start: (res) => follow(run.log, res) };
    }
    return { type: 'raw', status: 200, raw: Buffer.from(run.log.text()), contentType: TEXT };
}
