/**
 * What the live view publishes to whoever has the URL: no more of a failed run's error than the
 * status message shows, no queue id; and the fields a document gains from other features, passed on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { publicEndReason } from '../../src/live-view/viewer-document.js';
import { MAX_END_REASON_LENGTH } from '../../src/wording/message-parts.js';
import { openEventStream } from '../helpers/sse.js';
import { serveFakeRun } from './fake-run.js';
import { documentsOf, initOf, messagesOf } from './stream-documents.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});

/** A 200 KB error text with a partner's key in a URL and a local path far into it. */
const HUGE_ERROR = [
    'Error: enrichment failed for 12 products',
    'x'.repeat(5_000),
    'at fetch https://partner.example/api/v2/items?apiKey=PARTNER-SECRET-KEY&page=2',
    'at /home/alice/projects/shop-scraper/src/enrich.ts:41:7',
    'y'.repeat(200_000),
].join('\n');

/** Credentials, a key and a home directory in the first line of a 200 KB error. */
const EARLY_SECRETS = `Request to https://bob:hunter2@api.partner.com/data?token=SECRET_TOKEN_ABC failed at /home/alice/x.js ${'x'.repeat(200_000)}`;

describe('what the live view publishes', () => {
    it("gives no more of a failed run's error than its terminal message shows, in /progress.json and the stream", async () => {
        const transport = new RecordingTransport();
        const reporter = new ProgressReporter({
            transport,
            handleExit: false,
            intervalSecs: 0,
            total: 40,
            liveView: { port: 0 },
            log: { info: () => undefined, warning: () => undefined },
        });
        cleanup.push(() => reporter.closeLiveView());
        const url = (await reporter.liveViewUrl()) ?? '';
        const stream = await openEventStream(`${url}events`);
        cleanup.push(() => stream.close());
        reporter.advance(20);
        await reporter.abort(new Error(HUGE_ERROR.slice('Error: '.length)));
        const terminal = transport.updates.at(-1)?.statusMessage ?? '';
        const json = (await (await fetch(`${url}progress.json`)).json()) as { reason: string };
        expect(json.reason.length).toBeLessThanOrEqual(MAX_END_REASON_LENGTH);
        await stream.next(() => documentsOf(stream).at(-1)?.terminal === true);
        const streamed = documentsOf(stream).at(-1)?.reason ?? '';
        for (const reason of [json.reason, streamed]) {
            expect(reason.length).toBeLessThanOrEqual(MAX_END_REASON_LENGTH);
            expect(reason.startsWith('Error: enrichment failed for 12 products')).toBe(true);
            // All of it is in the message the Console shows (less the ellipsis that ends a cut).
            expect(terminal).toContain(reason.replace(/…$/, ''));
        }
        const everything = JSON.stringify(stream.events) + JSON.stringify(json);
        expect(everything).not.toContain('PARTNER-SECRET-KEY');
        expect(everything).not.toContain('alice');
        expect(everything.length).toBeLessThan(20_000);
    });

    it('publishes no credentials or query values of an error that holds them early, in any field or message', async () => {
        const transport = new RecordingTransport();
        const reporter = new ProgressReporter({
            transport,
            handleExit: false,
            intervalSecs: 0,
            total: 10,
            liveView: { port: 0 },
            log: { info: () => undefined, warning: () => undefined },
        });
        cleanup.push(() => reporter.closeLiveView());
        const url = (await reporter.liveViewUrl()) ?? '';
        const early = await openEventStream(`${url}events`);
        cleanup.push(() => early.close());
        reporter.advance(3);
        await reporter.end({ status: 'failed', reason: new Error(EARLY_SECRETS) });
        const json = (await (await fetch(`${url}progress.json`)).json()) as { reason: string; message: string };
        await early.next(() => documentsOf(early).at(-1)?.terminal === true);
        // A viewer who comes after the end gets it all in the first event.
        const late = await openEventStream(`${url}events`);
        cleanup.push(() => late.close());
        await late.next((event) => event.event === 'init');
        const sent = transport.messages;
        const published = [
            JSON.stringify(json),
            JSON.stringify(early.events),
            JSON.stringify(late.events),
            JSON.stringify(reporter.progressDocument()),
            ...sent,
        ];
        for (const text of published) {
            for (const secret of ['hunter2', 'SECRET_TOKEN_ABC', 'alice']) expect(text).not.toContain(secret);
            expect(text.length).toBeLessThan(20_000);
        }
        // What is said is the same everywhere, and still says what happened.
        expect(
            json.reason.startsWith('Error: Request to https://***@api.partner.com/data?token=*** failed at ~/x.js xxx'),
        ).toBe(true);
        expect(json.reason.length).toBeLessThanOrEqual(MAX_END_REASON_LENGTH);
        expect(json.message).toBe(sent.at(-1));
        expect(json.message).toContain(json.reason.replace(/…$/, ''));
        expect(messagesOf(late).at(-1)?.text).toBe(json.message);
        expect(documentsOf(early).at(-1)?.reason).toBe(json.reason);
    });

    it("scrubs the message and the timeline when the author's own wording puts the whole error in", async () => {
        const transport = new RecordingTransport();
        const reporter = new ProgressReporter({
            transport,
            handleExit: false,
            intervalSecs: 0,
            liveView: { port: 0 },
            format: (snapshot) => (snapshot.reason ? `It broke: ${snapshot.reason}` : `${snapshot.done} done`),
            log: { info: () => undefined, warning: () => undefined },
        });
        cleanup.push(() => reporter.closeLiveView());
        const url = (await reporter.liveViewUrl()) ?? '';
        const stream = await openEventStream(`${url}events`);
        cleanup.push(() => stream.close());
        reporter.advance(3);
        await reporter.end({ status: 'failed', reason: new Error(EARLY_SECRETS) });
        // The author's words went to the Console as they are: the author chose them.
        expect(transport.messages.at(-1)).toContain('hunter2');
        await stream.next(() => documentsOf(stream).at(-1)?.terminal === true);
        const json = (await (await fetch(`${url}progress.json`)).json()) as { message: string };
        const late = await openEventStream(`${url}events`);
        cleanup.push(() => late.close());
        await late.next((event) => event.event === 'init');
        expect(json.message.startsWith('It broke: Error: Request to https://***@api.partner.com/data?token=***')).toBe(
            true,
        );
        expect(messagesOf(stream).at(-1)?.text).toBe(json.message);
        expect(messagesOf(late).at(-1)?.text).toBe(json.message);
        const everything = JSON.stringify([json, stream.events, late.events]);
        for (const secret of ['hunter2', 'SECRET_TOKEN_ABC', 'alice']) expect(everything).not.toContain(secret);
    });

    it('scrubs what a short reason holds: keys in URLs, credentials, home directories', () => {
        expect(
            publicEndReason('Error: GET https://bob:hunter2@partner.example/v1?apiKey=abc123&q=shoes#token=xyz failed'),
        ).toBe('Error: GET https://***@partner.example/v1?apiKey=***&q=***#token=*** failed');
        expect(publicEndReason('ENOENT: no such file /home/alice/app/data.json\n    at C:\\Users\\Bob\\app')).toBe(
            'ENOENT: no such file ~/app/data.json at ~\\app',
        );
        expect(publicEndReason('Error: a\n\n\tb')).toBe('Error: a b');
    });

    it("withholds the shared request queue's id", async () => {
        const live = await serveFakeRun(cleanup);
        live.state.extra.sharedQueue = {
            queueId: 'q8Zd3kLmWx91',
            runs: 3,
            handled: 120,
            total: 400,
            totalIsEstimate: true,
        };
        live.second();
        const stream = await live.connect();
        const json = await live.progressJson();
        expect(json.sharedQueue).toEqual({ queueId: null, runs: 3, handled: 120, total: 400, totalIsEstimate: true });
        expect(initOf(stream).document.sharedQueue).toEqual(json.sharedQueue);
        expect(JSON.stringify(stream.events) + JSON.stringify(json)).not.toContain('q8Zd3kLmWx91');
    });

    it('passes on the amount charged and the projection when the document has them, and nothing when not', async () => {
        const live = await serveFakeRun(cleanup);
        const stream = await live.connect();
        // Absent here; null once the document always has the field: nothing to show either way.
        expect((await live.progressJson()).charged ?? null).toBeNull();
        const charged = { totalUsd: 1.2, maxUsd: 5, events: { 'page-crawled': 118, 'apify-default-dataset-item': 2 } };
        live.second((state) => {
            Object.assign(state.extra, { charged, projectedTotal: 3000, projectedSecondsLeft: 540 });
        });
        await stream.next(() => documentsOf(stream).at(-1)?.projectedTotal === 3000);
        expect(await live.progressJson()).toMatchObject({ charged, projectedTotal: 3000, projectedSecondsLeft: 540 });
        expect(documentsOf(stream).at(-1)).toMatchObject({ charged, projectedSecondsLeft: 540 });
        const late = await live.connect();
        expect(initOf(late).document).toMatchObject({ charged, projectedTotal: 3000 });
    });
});
