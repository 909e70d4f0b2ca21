/**
 * The live page in real Chromium when the stream goes away: answers that are not a stream (the
 * platform's proxy answers 502 or 503 while a run moves to another server, a closed live view), a
 * server that is gone and comes back (a new process, a new reporter on the port); and the steps
 * once the run has ended.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { freePort } from '../helpers/http.js';

let browser: Browser;
const reporters: ProgressReporter[] = [];

beforeAll(async () => {
    assertChromium();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
    await Promise.all(reporters.splice(0).map((reporter) => reporter.closeLiveView()));
    await browser?.close();
});

function liveReporter(port: number, phases?: string[]) {
    const reporter = new ProgressReporter({
        transport: new RecordingTransport(),
        intervalSecs: 0,
        handleExit: false,
        progressRecord: false,
        liveView: { port },
        log: { info: () => undefined, warning: () => undefined },
        ...(phases ? { phases } : {}),
    });
    reporters.push(reporter);
    return reporter;
}

/** What stands in for the run on its port while it moves: every request answered with `status`. */
async function gateway(port: number) {
    const seen: string[] = [];
    let status = 502;
    const server: Server = createServer((req, res) => {
        seen.push(`${status} ${req.url}`);
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status === 502 ? 'Bad gateway' : 'Service unavailable');
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return {
        seen,
        answer: (next: number) => {
            status = next;
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

const textOf = (page: Page, id: string) => page.locator(`#${id}`).textContent();
const doneOf = (page: Page) => page.locator('#done').evaluate((element) => (element as HTMLElement).dataset.value);
const POLL = { timeout: 45_000, intervals: [250] };

describe('the live page when its stream goes away', () => {
    it('recovers after 502 and 503 answers and a server that is gone, and follows the run when it is back', async () => {
        const port = await freePort();
        const before = liveReporter(port);
        await before.liveViewUrl();
        before.setTotal(100);
        before.advance(40);
        await before.markMigrating();
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        await expect.poll(() => doneOf(page), POLL).toBe('40');
        expect(await textOf(page, 'connection')).toBe('live');

        // The old process is gone; the platform's proxy answers 502, then 503: not a stream.
        await before.closeLiveView();
        const proxy = await gateway(port);
        await expect
            .poll(() => proxy.seen.filter((line) => line.endsWith('/events')).length, POLL)
            .toBeGreaterThanOrEqual(2);
        expect(await textOf(page, 'connection')).toBe('reconnecting…');
        proxy.answer(503);
        await expect
            .poll(() => proxy.seen.filter((line) => line.startsWith('503 /events')).length, POLL)
            .toBeGreaterThanOrEqual(1);
        // Then nothing listens for a while (the new container is starting).
        await proxy.close();
        await page.waitForTimeout(1_000);

        // The new process serves the run again: the page follows it without a reload.
        const after = liveReporter(port);
        await after.liveViewUrl();
        after.setTotal(100);
        after.advance(70);
        await expect.poll(() => doneOf(page), POLL).toBe('70');
        expect(await textOf(page, 'connection')).toBe('live');
        expect(await textOf(page, 'status')).toBe('Running');
        await page.close();
    });

    it('keeps reopening a live view that was closed under a mounted handler, and shows the next one', async () => {
        // An Actor's own server, whose handler is swapped: closed view first (503 "closed"), then a live one.
        const closed = liveReporter(0);
        const handler = closed.liveViewHandler();
        await closed.closeLiveView();
        let serve = handler;
        const own = createServer((req, res) => serve(req, res));
        await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
        try {
            const page = await browser.newPage();
            await page.goto(`http://127.0.0.1:${(own.address() as AddressInfo).port}/`);
            await expect.poll(() => textOf(page, 'connection'), POLL).toBe('reconnecting…');
            const next = liveReporter(0);
            next.setTotal(10);
            next.advance(4);
            serve = next.liveViewHandler();
            await expect.poll(() => doneOf(page), POLL).toBe('4');
            expect(await textOf(page, 'connection')).toBe('live');
            await page.close();
        } finally {
            own.closeAllConnections();
            await new Promise((resolve) => own.close(resolve));
        }
    });
});

describe('the steps once the run has ended', () => {
    const steps = (page: Page) =>
        page
            .locator('#phases li')
            .evaluateAll((items) =>
                items.map((item) => [
                    item.querySelector('.name')?.textContent,
                    (item as HTMLElement).dataset.state,
                    item.querySelector('.detail')?.textContent,
                ]),
            );

    it('shows the last step done when the run finished, and none as running', async () => {
        const reporter = liveReporter(0, ['Listing', 'Details', 'Export']);
        const url = (await reporter.liveViewUrl()) ?? '';
        const page = await browser.newPage();
        await page.goto(url);
        reporter.phase('Listing', { total: 4, unit: 'pages' });
        reporter.advance(4);
        reporter.phase('Details', { total: 3, unit: 'products' });
        reporter.advance(1);
        await reporter.flush();
        await expect
            .poll(() => steps(page), POLL)
            .toEqual([
                ['Listing', 'done', '4 of 4 done'],
                ['Details', 'current', 'now'],
                ['Export', 'next', ''],
            ]);
        reporter.advance(2);
        await reporter.finish();
        await expect.poll(() => textOf(page, 'status'), POLL).toBe('Finished');
        expect(await steps(page)).toEqual([
            ['Listing', 'done', '4 of 4 done'],
            ['Details', 'done', '3 of 3 done'],
            ['Export', 'not-reached', 'not reached'],
        ]);
        expect(await page.locator('#phases li[aria-current]').count()).toBe(0);
        await page.close();
    });

    it('shows the step the run was in as stopped when it was aborted', async () => {
        const reporter = liveReporter(0, ['Listing', 'Details']);
        const url = (await reporter.liveViewUrl()) ?? '';
        const page = await browser.newPage();
        await page.goto(url);
        reporter.phase('Listing', { total: 10, unit: 'pages' });
        reporter.advance(3);
        await reporter.abort('stopped by hand');
        await expect.poll(() => textOf(page, 'status'), POLL).toBe('Aborted');
        expect(await steps(page)).toEqual([
            ['Listing', 'stopped', 'aborted at 3 of 10'],
            ['Details', 'not-reached', 'not reached'],
        ]);
        await page.close();
    });
});
