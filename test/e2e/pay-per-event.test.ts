import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import type { ProgressSnapshot } from '../../src/index.js';
import { formatUsd } from '../../src/wording/charges-words.js';
import { startFixture } from '../helpers/child-actor.js';
import { spawnRun } from '../helpers/platform-runs.js';

/** $0.10 a page; the SDK's own dataset-item event at $0.01 (on the platform it cuts pushes by it). */
const PRICES = { page: 0.1, result: 0.05, 'apify-default-dataset-item': 0.01 };

/** The SDK's local pay-per-event mode: pricing and charged counts from the environment, no API. */
function localPricingEnv(maxUsd?: number): Record<string, string> {
    const actorChargeEvents = Object.fromEntries(
        Object.entries(PRICES).map(([name, price]) => [name, { eventTitle: name, eventPriceUsd: price }]),
    );
    return {
        ACTOR_TEST_PAY_PER_EVENT: '1',
        APIFY_ACTOR_PRICING_INFO: JSON.stringify({
            pricingModel: 'PAY_PER_EVENT',
            pricingPerEvent: { actorChargeEvents },
        }),
        APIFY_CHARGED_ACTOR_EVENT_COUNTS: '{}',
        ...(maxUsd === undefined ? {} : { ACTOR_MAX_TOTAL_CHARGE_USD: String(maxUsd) }),
    };
}

interface CrawlResult {
    isPayPerEvent: boolean;
    sdkTotalUsd: number | null;
    pagesCharged: number;
    stoppedAtLimit: boolean;
    datasetItems: number;
    snapshot: ProgressSnapshot;
}

interface Outcome {
    result: CrawlResult;
    /** The SDK's own total after each charge, in order. */
    totals: number[];
    messages: { message: string; terminal: boolean }[];
}

function parseOutput(stdout: string): Pick<Outcome, 'result' | 'totals'> {
    const line = stdout.split('\n').find((text) => text.startsWith('RESULT '));
    if (!line) throw new Error(`The fixture printed no result:\n${stdout}`);
    const totals = [...stdout.matchAll(/^CHARGED (\S+)$/gm)].map((match) => Number(match[1]));
    return { result: JSON.parse(line.slice('RESULT '.length)) as CrawlResult, totals };
}

/** Every "$1.20" in a message. */
const amountsIn = (message: string) => [...message.matchAll(/\$[\d,]+\.\d\d/g)].map((match) => match[0]);

/** One page at a time: every total the SDK goes through is printed before it changes again. */
const ONE_AT_A_TIME = { MAX_CONCURRENCY: '1' };

/**
 * The amounts in the messages are the SDK's own total: each progress message names one the SDK had
 * (after some charge, or none yet), never going down, and the terminal one the final total.
 */
function expectAmountsOfTheSdk({ result, totals, messages }: Outcome, maxUsd?: number): void {
    const sdkAmounts = new Set(['$0.00', ...totals.map((total) => formatUsd(total))]);
    const shown = messages.map(({ message }) => {
        const amounts = amountsIn(message).filter((amount) => maxUsd === undefined || amount !== formatUsd(maxUsd));
        return amounts[0] ?? formatUsd(maxUsd ?? 0);
    });
    expect(shown.filter((amount) => !sdkAmounts.has(amount))).toEqual([]);
    const values = shown.map((amount) => Number(amount.replace(/[$,]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(result.snapshot.charged?.totalUsd).toBe(result.sdkTotalUsd);
    expect(messages.at(-1)?.message).toContain(`${formatUsd(result.sdkTotalUsd ?? -1)} charged`);
    expect(result.snapshot.charged?.events.page).toBe(result.pagesCharged);
}

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 40, slowFraction: 0, failingFraction: 0 });
});

afterAll(async () => {
    await site?.close();
});

describe('pay-per-event, locally (the SDK reads its pricing from the environment)', () => {
    let emulator: PlatformEmulator;

    beforeEach(async () => {
        emulator = await PlatformEmulator.start();
    });

    afterEach(async () => {
        await emulator.close();
    });

    async function crawl(env: Record<string, string>): Promise<Outcome> {
        const child = startFixture(emulator, 'pay-per-event-crawl', [], { START_URL: site.startUrl, ...env });
        const exit = await child.exited;
        expect(exit.code, exit.stderr).toBe(0);
        return { ...parseOutput(exit.stdout), messages: emulator.statusMessages() };
    }

    it('names the amount charged in every message, equal to the SDK’s own total', async () => {
        const outcome = await crawl({ ...localPricingEnv(), ...ONE_AT_A_TIME });
        expect(outcome.result).toMatchObject({ isPayPerEvent: true, stoppedAtLimit: false });
        expect(outcome.result.pagesCharged).toBe(outcome.result.snapshot.done);
        expectAmountsOfTheSdk(outcome);
        expect(outcome.messages.slice(0, -1).some(({ message }) => / charged/.test(message))).toBe(true);
        expect(outcome.messages.at(-1)).toEqual(
            expect.objectContaining({ terminal: true, message: expect.stringMatching(/^Finished: 4\d of 4\d pages/) }),
        );
    });

    it('ends a crawl its Actor stopped at the maximum charge on that maximum, "at least", never "Finished"', async () => {
        const outcome = await crawl({ ...localPricingEnv(2), ...ONE_AT_A_TIME });
        const { result, messages } = outcome;
        expect(result.stoppedAtLimit).toBe(true);
        expectAmountsOfTheSdk(outcome, 2);
        const terminal = messages.at(-1);
        expect(terminal?.terminal).toBe(true);
        expect(terminal?.message).toMatch(/^Stopped at the \$2\.00 max charge: \d+ of at least \d+ pages done · /);
        expect(terminal?.message).not.toMatch(/Finished/);
        expect(messages.slice(0, -1).some(({ message }) => message.includes(' of $2.00 max'))).toBe(true);
        expect(result.snapshot.charged).toMatchObject({ maxUsd: 2, limitReached: true });
        expect(result.snapshot.done).toBeLessThan(site.reachable);
    });

    it('counts as items only what was stored when the maximum refuses pushes', async () => {
        // An Actor that goes on past its maximum: Actor.pushData(item, 'result') is refused from then on.
        const { result, messages } = await crawl({ ...localPricingEnv(0.5), PUSH: 'actor', STOP_AT_LIMIT: 'false' });
        expect(result.datasetItems).toBeLessThan(result.snapshot.done);
        expect(result.snapshot.items).toBe(result.datasetItems);
        expect(messages.at(-1)?.message).toContain(`${result.datasetItems} items`);
    });

    it('changes nothing for a run that is not pay-per-event', async () => {
        const { result, messages } = await crawl({});
        expect(result).toMatchObject({ isPayPerEvent: false, sdkTotalUsd: null });
        expect(result.snapshot.charged).toBeNull();
        expect(messages.filter(({ message }) => message.includes('$'))).toEqual([]);
        expect(messages.at(-1)?.message).toMatch(/^Finished: (\d+) of \1 pages done · \1 items · in /);
    });

    it('leaves the amounts out with showCharges: false, and still says why the run stopped', async () => {
        const { result, messages } = await crawl({ ...localPricingEnv(2), SHOW_CHARGES: 'false' });
        expect(result.snapshot.charged?.totalUsd).toBe(result.sdkTotalUsd);
        expect(messages.slice(0, -1).filter(({ message }) => message.includes('$'))).toEqual([]);
        expect(messages.at(-1)?.message).toMatch(
            /^Stopped at the \$2\.00 max charge: \d+ of at least \d+ pages done · /,
        );
        expect(amountsIn(messages.at(-1)?.message ?? '')).toEqual(['$2.00']);
    });
});

describe('pay-per-event on the wire: the SDK at home against the emulator', () => {
    let emulator: PlatformEmulator;

    beforeEach(async () => {
        emulator = await PlatformEmulator.start();
    });

    afterEach(async () => {
        await emulator.close();
    });

    async function crawlAtHome(run: EmulatedRun, env: Record<string, string> = {}): Promise<Outcome> {
        const child = spawnRun('pay-per-event-crawl', run, { START_URL: site.startUrl, ...env });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => {
            stdout += chunk;
        });
        child.stderr?.on('data', (chunk: Buffer) => {
            stderr += chunk;
        });
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(code, stderr).toBe(0);
        return { ...parseOutput(stdout), messages: run.statusMessages() };
    }

    it('shows the SDK’s total, stops at the maximum, counts only stored items, and adds no API call', async () => {
        const run = await emulator.createRun({ pricing: { events: PRICES }, maxTotalChargeUsd: 1 });
        const outcome = await crawlAtHome(run, ONE_AT_A_TIME);
        const { result, messages } = outcome;
        expectAmountsOfTheSdk(outcome, 1);
        expect(result.stoppedAtLimit).toBe(true);
        expect(messages.at(-1)?.message).toMatch(
            /^Stopped at the \$1\.00 max charge: \d+ of at least \d+ pages done · /,
        );
        // The platform's own counts agree with the SDK's.
        expect(run.info.chargedEventCounts.page).toBe(result.pagesCharged);
        expect(result.snapshot.items).toBe(emulator.dataset(run.info.defaultDatasetId)?.itemCount);
        const calls = run.apiCalls().byKind;
        // The run's GET is the SDK's own, once at Actor.init(): nothing of the reporter's.
        expect(calls.actorRun_get).toBe(1);
        expect(calls.PostChargeRun).toBe(result.pagesCharged);
    });

    it('counts as items only what the platform stored when the maximum cuts pushes inside the dataset client', async () => {
        const run = await emulator.createRun({ pricing: { events: PRICES }, maxTotalChargeUsd: 0.35 });
        const { result } = await crawlAtHome(run, { STOP_AT_LIMIT: 'false' });
        const stored = emulator.dataset(run.info.defaultDatasetId)?.itemCount;
        expect(stored).toBeLessThan(result.snapshot.done);
        expect(result.snapshot.items).toBe(stored);
        expect(run.info.chargedEventCounts['apify-default-dataset-item']).toBe(stored);
    });

    it('changes nothing for a run that is not pay-per-event, and a pay-per-event one calls nothing more', async () => {
        const run = await emulator.createRun();
        const { result, messages } = await crawlAtHome(run);
        expect(result.snapshot.charged).toBeNull();
        expect(messages.filter(({ message }) => message.includes('$'))).toEqual([]);
        expect(messages.at(-1)?.message).toMatch(/^Finished: (\d+) of \1 pages done · \1 items · in /);
        // The same crawl, pay-per-event with no maximum: the same kinds of call, the Actor's own charges
        // apart, and the run read once (by the SDK at init) in both.
        const paid = await emulator.createRun({ pricing: { events: PRICES } });
        const { result: paidResult } = await crawlAtHome(paid);
        expect(paidResult.snapshot.charged?.totalUsd).toBe(paidResult.sdkTotalUsd);
        const free = run.apiCalls().byKind;
        const charged = paid.apiCalls().byKind;
        expect(Object.keys(charged).sort()).toEqual([...Object.keys(free), 'PostChargeRun'].sort());
        expect([free.actorRun_get, charged.actorRun_get]).toEqual([1, 1]);
        expect(charged.PostChargeRun).toBe(paidResult.pagesCharged);
    });
});
