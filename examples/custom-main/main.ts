/**
 * A custom Actor main with no crawler: it works through a list of records and counts them with the
 * reporter's manual API. Run it with `npx tsx examples/custom-main/main.ts`; the input is optional
 * (`{"records": 40}`).
 */
import { withProgress } from 'actor-progress';
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

// withProgress: Actor.init(), the reporter, and on return the terminal "Finished: 37 of 40 records
// done · 3 failed · in 2 s" (on a throw: "Failed: ... · <the error>", exit code 91).
await withProgress({ unit: ['record', 'records'], intervalSecs: 2 }, async (reporter) => {
    const input = ((await Actor.getInput()) ?? {}) as Input;
    const records = Array.from({ length: input.records ?? 40 }, (_, id) => id);
    reporter.setTotal(records.length);
    for (const id of records) {
        try {
            await Actor.pushData(await processRecord(id));
            reporter.advance();
        } catch (error) {
            log.warning(`Skipping record ${id}: ${(error as Error).message}`);
            reporter.fail();
        }
    }
});
