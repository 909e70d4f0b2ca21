/**
 * `npm run demo -- --max-charge 2`: the example Actor as a pay-per-event Store Actor. Its events and
 * prices (`.actor/pay_per_event.json`) are the Actor's pricing on the platform emulator; one run is
 * started through the API with the user's maximum charge, as the Console starts it, and runs at home
 * (the SDK reads the pricing from the run, posts its charges, the platform charges the stored items).
 * The example charges a page per page handled and stops the crawl at the maximum; the demo prints the
 * run's Console with the amounts, and what the platform counted. Offline (loopback only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EmulatedRun, PlatformEmulator } from '@actor-progress/emulator';
import { ApifyClient } from 'apify-client';
import { type Site, startSite } from '../site/index.js';
import { REPO_ROOT } from './run-actor.js';
import { startExampleRun } from './several-runs.js';

/** The same site as the other demos: a few hundred pages, some slow, a few failing. */
const SITE = { pages: 300, slowFraction: 0.3, slowDelayMs: 400, failingFraction: 0.01, missingLinks: 2 };
const ACTOR = 'actor-progress-crawler-example';
const TIMEOUT_MS = 120_000;

interface ChargeEvent {
    eventTitle: string;
    eventPriceUsd: number;
}

/** `--max-charge USD` from the command line, or undefined when not asked for. */
export function maxChargeRequested(argv: readonly string[]): number | undefined {
    const at = argv.indexOf('--max-charge');
    if (at === -1) return undefined;
    const usd = Number(argv[at + 1]);
    if (!Number.isFinite(usd) || usd <= 0 || usd > 100) {
        throw new Error(
            `--max-charge takes a maximum charge in US dollars, above 0 and at most 100, got ${argv[at + 1] ?? 'nothing'}.`,
        );
    }
    return usd;
}

/** The example's events and prices, as its `.actor/pay_per_event.json` lists them. */
function examplePricing(): Record<string, ChargeEvent> {
    return JSON.parse(readFileSync(join(REPO_ROOT, '.actor/pay_per_event.json'), 'utf8')) as Record<
        string,
        ChargeEvent
    >;
}

const usd = (value: number) => `$${value.toFixed(2)}`;

function callsTable(run: EmulatedRun): string {
    const { total, perMinute, byKind, durationMs } = run.apiCalls();
    const rows = Object.entries(byKind).map(
        ([kind, count]) => `| ${kind} | ${count} | ${((count * 60_000) / durationMs).toFixed(1)} |`,
    );
    return [
        '| kind | calls | per minute |',
        '| --- | ---: | ---: |',
        ...rows,
        `| all | ${total} | ${perMinute.toFixed(1)} |`,
    ].join('\n');
}

async function demo(emulator: PlatformEmulator, site: Site, maxChargeUsd: number): Promise<boolean> {
    const pricing = examplePricing();
    emulator.setActorPricing(ACTOR, {
        events: Object.fromEntries(
            Object.entries(pricing).map(([name, event]) => [
                name,
                { priceUsd: event.eventPriceUsd, title: event.eventTitle },
            ]),
        ),
    });
    const client = new ApifyClient({ baseUrl: emulator.url, token: emulator.token });
    console.log(`Site:     ${site.url} (${site.pages} pages, ${site.slowPages.length} slow, ${site.failing} failing)`);
    console.log(`Platform: emulator at ${emulator.url}`);
    console.log(
        `Pricing:  ${Object.entries(pricing)
            .map(([name, event]) => `${name} ${usd(event.eventPriceUsd)}`)
            .join(', ')} (.actor/pay_per_event.json)`,
    );
    console.log(`Starting the example Actor, pay-per-event, with a maximum charge of ${usd(maxChargeUsd)} ...\n`);
    const startedAt = performance.now();
    const started = await client.actor(ACTOR).start(
        {
            startUrls: [{ url: site.startUrl }],
            maxRequestsPerCrawl: 1000,
            maxConcurrency: 5,
            statusIntervalSecs: 1,
        },
        { maxTotalChargeUsd: maxChargeUsd },
    );
    const run = emulator.getRun(started.id);
    if (!run) throw new Error(`The emulator has no run ${started.id}`);
    await run.waitForFinish(TIMEOUT_MS);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);

    console.log(`Status messages as the Console showed them (run ${run.id}, ${run.info.status}):`);
    console.log(run.formatTimeline() || '(none)');
    const { chargedEventCounts } = run.info;
    const charged = Object.entries(chargedEventCounts).reduce(
        (sum, [name, count]) => sum + count * (pricing[name]?.eventPriceUsd ?? 0),
        0,
    );
    const stored = emulator.dataset(run.info.defaultDatasetId)?.itemCount ?? 0;
    const record = (await client.keyValueStore(run.info.defaultKeyValueStoreId).getRecord('PROGRESS'))?.value as
        | { items?: number; charged?: { totalUsd: number; maxUsd: number | null; limitReached: boolean } | null }
        | undefined;
    const terminal = run.statusMessages().at(-1);
    console.log('');
    console.log(
        [
            `pages stored: ${stored}`,
            `charged by the platform's counts: ${usd(charged)} (${Object.entries(chargedEventCounts)
                .map(([name, count]) => `${count} × ${name}`)
                .join(', ')})`,
            `maximum: ${usd(maxChargeUsd)}`,
            `${seconds} s`,
        ].join(' | '),
    );
    console.log(
        `PROGRESS record: items ${String(record?.items)} · charged ${record?.charged ? `${usd(record.charged.totalUsd)} of ${usd(record.charged.maxUsd ?? 0)}, limit reached: ${record.charged.limitReached}` : 'none'}`,
    );
    console.log(
        `\nAPI calls of the run (the reporter's: actorRun_put, keyValueStore_record_put; the rest is the SDK's, Crawlee's and the Actor's charges):\n\n${callsTable(run)}`,
    );

    const ok =
        run.info.status === 'SUCCEEDED' &&
        terminal?.terminal === true &&
        !terminal.byPlatform &&
        terminal.message.includes(`${usd(maxChargeUsd)} max charge`) &&
        record?.items === stored;
    if (!ok) console.error(`\nThe run did not end as expected. Its log:\n${run.log().slice(-4000)}`);
    return ok;
}

/** Runs the demo with a maximum charge of `maxChargeUsd` and ends the process with its exit code. */
export async function runMaxChargeDemo(maxChargeUsd: number): Promise<never> {
    const site = await startSite(SITE);
    const emulator = await PlatformEmulator.start({ startRun: startExampleRun });
    let ok = false;
    try {
        ok = await demo(emulator, site, maxChargeUsd);
    } finally {
        await Promise.all([emulator.close(), site.close()]);
    }
    process.exit(ok ? 0 : 1);
}
