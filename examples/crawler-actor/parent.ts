import { ProgressReporter } from 'actor-progress';
import { Actor, log } from 'apify';
import type { CrawlerInput } from './input.js';

/**
 * The parent of a crawl shared by several runs (input field `workers`): it puts the start URLs in one
 * request queue, starts that many worker runs of this same Actor on it (`POST /v2/acts/:actorId/runs`),
 * and follows them: its status message sums them up ("1 of 3 runs finished · 120 of about 300 pages")
 * and its terminal message says how each ended. It crawls nothing itself, and ends the run.
 */
export async function runParent(input: CrawlerInput & { workers: number }): Promise<void> {
    const reporter = new ProgressReporter({ intervalSecs: input.statusIntervalSecs, liveView: input.liveView });
    const { actorId } = Actor.getEnv();
    if (!Actor.isAtHome() || !actorId) {
        await Actor.fail(
            'Input field `workers` starts runs of this Actor, which needs the Apify platform: run it there, or try `npm run demo -- --runs 3`.',
        );
        return;
    }
    // The queue the workers share: the one the input names, else this run's own default queue, which the
    // platform keeps (and removes) with the run's other storages.
    const queue = await Actor.openRequestQueue(input.sharedQueue);
    await queue.addRequests(input.startUrls.map(({ url }) => ({ url })));

    const workerInput = { ...input, workers: undefined, sharedQueue: queue.id, runs: input.workers };
    const follower = reporter.followRuns([], { runs: input.workers });
    const client = Actor.newClient();
    for (let index = 1; index <= input.workers; index++) {
        const run = await client.actor(actorId).start(workerInput);
        follower.follow(run.id, `worker ${index}`);
    }
    const runs = await follower.whenAllEnded();
    log.info(`All ${runs.length} worker runs ended: ${runs.map((run) => `${run.label} ${run.state}`).join(', ')}.`);
    // The reporter's exit handler sends the terminal message, made from how the workers ended.
    await Actor.exit();
}
