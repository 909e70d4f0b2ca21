/**
 * A custom Actor main with no crawler: it works through a list of records and counts them with the
 * reporter's manual API. Run it with `npx tsx examples/custom-main/main.ts`; the input is optional
 * (`{"records": 40}`).
 */
import { ProgressReporter } from 'actor-progress';
import { Actor, log } from 'apify';

interface Input {
    /** How many records to process. */
    records?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Stands in for real work: an API call, a transformation, a write. Every 17th record fails. */
async function processRecord(id: number): Promise<{ id: number; value: number }> {
    await sleep(25);
    if (id % 17 === 16) throw new Error(`record ${id} is malformed`);
    return { id, value: id * id };
}

await Actor.init();
const input = ((await Actor.getInput()) ?? {}) as Input;
const records = Array.from({ length: input.records ?? 40 }, (_, id) => id);

// ---------------------------------------------------------------------------------------------
// When `withProgress` is available, everything from here to the end becomes:
//
//     await withProgress({ unit: ['record', 'records'], total: records.length }, async (reporter) => {
//         for (const id of records) { ... the same loop ... }
//     });
//
// and it sends the terminal message on return or throw and keeps the exit code.
// ---------------------------------------------------------------------------------------------
const reporter = new ProgressReporter({ unit: ['record', 'records'], total: records.length, intervalSecs: 2 });
try {
    for (const id of records) {
        try {
            await Actor.pushData(await processRecord(id));
            reporter.advance();
        } catch (error) {
            log.warning(`Skipping record ${id}: ${(error as Error).message}`);
            reporter.fail();
        }
    }
} catch (error) {
    // Something outside a single record broke: say so in the terminal message and exit non-zero.
    await reporter.end({ status: 'failed', reason: error });
    await Actor.exit({ exitCode: 1 });
}
await reporter.finish();
await Actor.exit();
