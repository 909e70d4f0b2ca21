// The baseline of the several-runs benchmark: a run that only opens a request queue by its id, as a
// worker of the example Actor does, and ends. Its queue reads are the SDK's own, with no progress at all.
import { Actor, log } from 'apify';

log.setLevel(log.LEVELS.WARNING);
await Actor.init();
const { queueId } = (await Actor.getInput<{ queueId: string }>()) ?? { queueId: '' };
await Actor.openRequestQueue(queueId);
await Actor.exit();
