/** What the live view's event stream sends: what changed, not the whole document every second. */
import { afterEach, describe, expect, it } from 'vitest';
import { HEARTBEAT_TICKS } from '../../src/live-view/live-view.js';
import { serveFakeRun } from './fake-run.js';
import { type Doc, documentsOf, updatesOf } from './stream-documents.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});

const withoutTimes = ({ updatedAt: _u, elapsedMs: _e, ...rest }: Doc | Record<string, unknown>) => rest;

describe('the updates a viewer gets', () => {
    it('are nothing while the run stands still, but the time every 15 s, so the page knows it is in touch', async () => {
        const live = await serve();
        const stream = await live.connect();
        for (let s = 1; s < HEARTBEAT_TICKS; s++) live.second();
        live.second(); // the 15th quiet second
        live.second((state) => {
            state.snapshot.done = 1;
        });
        await stream.next(() => documentsOf(stream).at(-1)?.done === 1);
        const [heartbeat, change] = updatesOf(stream);
        expect(updatesOf(stream)).toHaveLength(2);
        expect(Object.keys(heartbeat ?? {})).toEqual(['at', 'elapsedMs']);
        expect(heartbeat?.elapsedMs).toBe(HEARTBEAT_TICKS * 1000);
        expect(change?.changes).toEqual({ done: 1 });
    });

    it('carry each message once, in the list of messages, not in the document as well', async () => {
        const live = await serve();
        const stream = await live.connect();
        const text = `${'A long message about the crawl, '.repeat(15)}the end`;
        live.land(text);
        live.second((state) => {
            state.snapshot.done = 2;
        });
        await stream.next((event) => event.event === 'update');
        const raw = JSON.stringify(stream.events.at(-1)?.data);
        expect(raw.split('the end').length - 1).toBe(1);
        expect(documentsOf(stream).at(-1)).toMatchObject({ message: text, terminal: false, done: 2 });
    });

    it('carry only the failure counts while the reasons stay the same', async () => {
        const live = await serve();
        const stream = await live.connect();
        const reasons = ['HTTP 500', 'timeout', 'Product page without a price: the layout may have changed'];
        live.second((state) => {
            state.snapshot.failed = 3;
            state.snapshot.failures = reasons.map((reason) => ({ reason, count: 1 }));
        });
        live.second((state) => {
            state.snapshot.failed = 6;
            state.snapshot.failures = reasons.map((reason, i) => ({ reason, count: 3 - i }));
        });
        await stream.next(() => documentsOf(stream).at(-1)?.failed === 6);
        const [first, second] = updatesOf(stream);
        expect(first?.changes?.failures).toEqual(reasons.map((reason) => ({ reason, count: 1 })));
        expect(second).toMatchObject({ changes: { failed: 6 }, failureCounts: [3, 2, 1] });
        expect(JSON.stringify(second)).not.toContain('timeout');
        expect(documentsOf(stream).at(-1)?.failures).toEqual(reasons.map((reason, i) => ({ reason, count: 3 - i })));
    });

    it('bring a page to the same document as /progress.json after every second of a varied run', async () => {
        const live = await serve();
        const stream = await live.connect();
        const steps: ((state: Parameters<Parameters<typeof live.second>[0] & object>[0]) => void)[] = [
            (s) => Object.assign(s.snapshot, { done: 4, ratePerMinute: 240 }),
            (s) => Object.assign(s.snapshot, { failed: 1, failures: [{ reason: 'HTTP 500', count: 1 }] }),
            (s) => Object.assign(s.snapshot, { total: 40, totalIsEstimate: true, etaMs: undefined }),
            (s) => Object.assign(s.extra, { projectedTotal: 3000, projectedSecondsLeft: 600 }),
            (s) =>
                Object.assign(s.snapshot, {
                    failed: 3,
                    failures: [
                        { reason: 'timeout', count: 2 },
                        { reason: 'HTTP 500', count: 1 },
                    ],
                }),
            (s) => Object.assign(s.extra, { charged: { totalUsd: 1.2, maxUsd: 5, events: { page: 120 } } }),
            (s) =>
                Object.assign(s.snapshot, {
                    phase: { name: 'Enrich', index: 2, count: 2 },
                    completedPhases: [{ name: 'Crawl', done: 4, failed: 3, total: 7 }],
                    done: 0,
                    failed: 0,
                    failures: [{ reason: 'timeout', count: 2 }],
                }),
            (s) => Object.assign(s.extra, { projectedTotal: null, projectedSecondsLeft: null }),
            (s) => {
                delete s.extra.charged;
            },
            (s) => Object.assign(s.snapshot, { done: 5, items: 9, retried: 2 }),
        ];
        for (const [index, step] of steps.entries()) {
            if (index % 3 === 1) live.land(`message ${index}`);
            live.second(step);
            const expected = await live.progressJson();
            await stream.next(() => documentsOf(stream).length === index + 2);
            expect(withoutTimes(documentsOf(stream).at(-1) as Doc), `after step ${index}`).toEqual(
                withoutTimes(expected),
            );
        }
    });

    it('build, for a viewer who joins between two updates, on the document the others have', async () => {
        const live = await serve();
        const first = await live.connect();
        live.second((state) => {
            state.snapshot.done = 1;
        });
        await first.next(() => documentsOf(first).at(-1)?.done === 1);
        // A script reads /progress.json between two ticks: the counts of that moment.
        live.state.snapshot.done = 2;
        expect(await live.progressJson()).toMatchObject({ done: 2 });
        const second = await live.connect();
        live.state.snapshot.done = 1; // back where the viewers last saw it, and the items move
        live.second((state) => {
            state.snapshot.items = 5;
        });
        await second.next(() => documentsOf(second).at(-1)?.items === 5);
        await first.next(() => documentsOf(first).at(-1)?.items === 5);
        expect(documentsOf(second).at(-1)).toMatchObject({ done: 1, items: 5 });
        expect(documentsOf(first).at(-1)).toMatchObject({ done: 1, items: 5 });
    });
});

function serve() {
    return serveFakeRun(cleanup);
}
