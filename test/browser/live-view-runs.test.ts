/**
 * The live page in real Chromium, at the Console's frame size and on a phone, on the runs it met in
 * review: a 2,000,000-page crawl two days in, a run in steps, and a run whose process died.
 * Screenshots go to test-artifacts/live-view/; with UPDATE_DOCS_SCREENSHOTS=1 the ones docs/live-view.md
 * shows are written to docs/ as well.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformEmulator } from '@actor-progress/emulator';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';
import { startFixture } from '../helpers/child-actor.js';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { serveFakeRun } from '../live-view/fake-run.js';
import {
    bottomOf,
    CONSOLE_FRAME,
    countAxis,
    cutFigures,
    dataValue,
    legendValue,
    openPage,
    PHONE,
    textOf,
} from './live-view-page.js';
import { BIG_CRAWL, driveBigCrawl, driveSteps } from './live-view-scenes.js';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/live-view');
const DOCS = join(import.meta.dirname, '../../docs');
const POLL = { timeout: 30_000, intervals: [250] };

let browser: Browser;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
    assertChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
    await browser?.close();
});

async function screenshot(page: Page, name: string, docs = false): Promise<void> {
    const path = join(ARTIFACTS, name);
    await page.screenshot({ path });
    if (docs && process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(path, join(DOCS, name));
}

async function newContext(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    cleanup.push(() => context.close());
    return context;
}

describe('the live page on real runs', () => {
    it('shows a 2,000,000-page crawl two days in: every figure whole, the projection, the charge, values on hover', async () => {
        const run = { actor: 'apify/website-content-crawler', runId: '3KxL7vQ9cTz2mWb8' };
        const live = await serveFakeRun(cleanup, { page: { locale: 'en-US', phases: [], run } });
        driveBigCrawl(live);
        const { page, problems } = await openPage(await newContext(CONSOLE_FRAME), live.url);
        await expect.poll(() => dataValue(page, 'done'), POLL).toBe(String(BIG_CRAWL.done));

        expect(await textOf(page, '#done')).toBe('1,204,567');
        expect(await textOf(page, '#total')).toBe('at least 2,012,345');
        expect(await textOf(page, '#projected')).toBe('likely about 2,500,000');
        expect(await textOf(page, '#eta')).toBe('likely about 44 h 20 min');
        expect(await textOf(page, '#charged')).toBe('Charged $1,204.57 of $5,000.00 max');
        expect(await textOf(page, '#run')).toMatch(/^apify\/website-content-crawler · run 3KxL7vQ9cTz2mWb8 · started /);
        expect(await page.title()).toBe('Running · apify/website-content-crawler');
        expect(await textOf(page, '#progress-label')).toBe('Now');
        expect(await textOf(page, '#message-label')).toMatch(/^Last status message · sent \d+ s ago$/);
        // Nothing cut: not the seven-digit counts, not the time left in the Console's frame.
        expect(await cutFigures(page)).toEqual([]);
        const axis = await countAxis(page);
        expect(axis.values).toContain('2M');
        expect(axis.widest).toBeLessThan(axis.width);
        // The chart and its legend within the frame.
        expect(await bottomOf(page, '#chart .u-legend')).toBeLessThanOrEqual(CONSOLE_FRAME.height);

        // Hovering the chart shows the values of that moment; away from it, the latest.
        expect(await legendValue(page, 'Done')).toBe('1,204,567');
        expect(await legendValue(page, 'Likely')).toBe('about 2,500,000');
        const plot = await page.locator('#chart .u-over').boundingBox();
        await page.mouse.move((plot?.x ?? 0) + (plot?.width ?? 0) * 0.3, (plot?.y ?? 0) + 20);
        const hovered = await legendValue(page, 'Done');
        expect(hovered).toMatch(/^\d{1,3}(,\d{3})*$/);
        expect(Number(hovered?.replaceAll(',', ''))).toBeLessThan(BIG_CRAWL.done);
        expect(await legendValue(page, 'Rate')).toMatch(/\/min$/);
        await page.mouse.move(5, 5);
        await expect.poll(() => legendValue(page, 'Done')).toBe('1,204,567');

        // The timeline: what mattered stays, the thousands of progress lines between are folded.
        const kinds = await page
            .locator('#timeline li')
            .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.kind ?? 'fold'));
        expect(kinds[0]).toBe('progress');
        expect(kinds.filter((kind) => kind !== 'fold' && kind !== 'progress')).toEqual([
            'failures',
            'migrating',
            'resumed',
            'stall',
            'start',
        ]);
        expect(await page.locator('#timeline li.fold').first().textContent()).toMatch(/^[\d,]+ progress messages$/);
        await screenshot(page, 'live-view.png', true);

        // On a phone: one column, nothing wider than the screen, nothing cut.
        const phone = await openPage(await newContext(PHONE), live.url);
        await expect.poll(() => dataValue(phone.page, 'done'), POLL).toBe(String(BIG_CRAWL.done));
        expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        expect(await cutFigures(phone.page)).toEqual([]);
        await screenshot(phone.page, 'live-view-phone.png', true);
        expect([...problems, ...phone.problems]).toEqual([]);
    });

    it('shows a run in steps: the step now, the failures of the whole run beside their reasons', async () => {
        const reporter = new ProgressReporter({
            transport: new RecordingTransport(),
            intervalSecs: 0,
            handleExit: false,
            progressRecord: false,
            liveView: { port: 0 },
            phases: ['Crawling', 'Enriching', 'Exporting'],
            log: { info: () => undefined, warning: () => undefined },
        });
        cleanup.push(() => reporter.closeLiveView());
        const url = (await reporter.liveViewUrl()) ?? '';
        const { page, problems } = await openPage(await newContext(CONSOLE_FRAME), url);
        reporter.phase('Crawling', { total: 40, unit: 'pages' });
        const reasons = ['HTTP 500', 'timeout', 'blocked: HTTP 403', 'HTTP 503', 'proxy error', 'Missing price'];
        for (const [i, reason] of reasons.entries()) {
            reporter.advance(5);
            reporter.fail(i + 1, reason);
            await reporter.flush();
        }
        reporter.phase('Enriching', { total: 120, unit: 'products' });
        reporter.advance(45);
        await reporter.flush();
        await expect.poll(() => dataValue(page, 'done'), POLL).toBe('45');

        const failedInAll = reasons.reduce((sum, _, i) => sum + i + 1, 0);
        expect(await dataValue(page, 'failed')).toBe(String(failedInAll));
        expect(await textOf(page, '#failed-note')).toBe('0 in this step');
        const listed = await page.locator('#failures .count').allTextContents();
        expect(listed.map(Number).reduce((a, b) => a + b, 0)).toBe(failedInAll);
        expect(await textOf(page, '#done-label')).toBe('Done in step 2 of 3');
        expect(await textOf(page, '#progress-text')).toBe('45 of 120 products done (37%) in step 2 of 3');
        // The run's first message marks its start; the next step's first one, the step.
        expect(await page.locator('#timeline li[data-kind="step"] .text').allTextContents()).toEqual([
            expect.stringMatching(/^Step 2 of 3 · Enriching: /),
        ]);
        expect(await cutFigures(page)).toEqual([]);
        expect(problems).toEqual([]);

        // Half an hour of a run in steps, as the docs show it: each step drawn from where it began.
        const live = await serveFakeRun(cleanup, {
            page: { locale: 'en-US', phases: ['Crawling listings', 'Enriching products', 'Exporting'] },
        });
        driveSteps(live);
        const later = await openPage(await newContext(CONSOLE_FRAME), live.url);
        await expect.poll(() => dataValue(later.page, 'done'), POLL).toBe('9600');
        const steps = await later.page.locator('#chart').evaluate((chart) => (chart as HTMLElement).dataset.steps);
        const [first, second, ...more] = JSON.parse(steps ?? '[]') as { x: number; step: number }[];
        expect([first?.step, second?.step, more]).toEqual([1, 2, []]);
        // The second step begins 12 min in (to a point of the history, kept every few seconds by then).
        expect(second?.x).toBeGreaterThanOrEqual(720);
        expect(second?.x).toBeLessThan(740);
        expect(await dataValue(later.page, 'failed')).toBe('38');
        expect(await textOf(later.page, '#failed-note')).toBe('0 in this step');
        expect(await cutFigures(later.page)).toEqual([]);
        await screenshot(later.page, 'live-view-steps.png', true);
        expect(later.problems).toEqual([]);
    });

    it('keeps long step names within their step on the chart, clear of the axes, the whole name in a title', async () => {
        const names = ['A'.repeat(20), 'B'.repeat(20)].map((start, i) => `${start} step ${i + 1} `.padEnd(200, 'x'));
        const live = await serveFakeRun(cleanup, { page: { locale: 'en-US', phases: names } });
        for (let s = 1; s <= 240; s++) {
            const first = s <= 120;
            live.second((state) => {
                Object.assign(state.snapshot, {
                    done: first ? s : s - 120,
                    total: 200,
                    unit: ['page', 'pages'],
                    phase: { name: names[first ? 0 : 1], index: first ? 1 : 2, count: 2 },
                    completedPhases: first
                        ? []
                        : [{ name: names[0], done: 120, failed: 0, total: 120, unit: ['page', 'pages'] }],
                });
            });
        }
        for (const viewport of [CONSOLE_FRAME, PHONE]) {
            const { page, problems } = await openPage(await newContext(viewport), live.url);
            await expect.poll(() => page.locator('#chart .step-name').count(), POLL).toBe(2);
            const boxes = await page.locator('#chart').evaluate((chart) => {
                const box = (element: Element) => {
                    const { left, right, top, bottom } = element.getBoundingClientRect();
                    return { left, right, top, bottom };
                };
                return {
                    labels: [...chart.querySelectorAll('.step-name')].map((label) => ({
                        ...box(label),
                        title: label.getAttribute('title'),
                        cut: label.scrollWidth > label.clientWidth,
                    })),
                    axes: [...chart.querySelectorAll('.u-axis')].map(box),
                    plot: box(chart.querySelector('.u-over') as Element),
                };
            });
            const meet = (a: typeof boxes.plot, b: typeof boxes.plot) =>
                a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            expect(boxes.axes.length).toBe(3);
            expect(boxes.labels.map((label) => label.title)).toEqual(names);
            for (const [i, label] of boxes.labels.entries()) {
                expect(label.cut, `step ${i + 1} at ${viewport.width} px: ellipsized`).toBe(true);
                expect(
                    boxes.axes.filter((axis) => meet(label, axis)),
                    `step ${i + 1} at ${viewport.width} px`,
                ).toEqual([]);
                expect(label.right).toBeLessThanOrEqual(boxes.plot.right);
            }
            // In the list of steps, a long name takes three lines at most, the whole of it in the title.
            const listed = await page.locator('#phases .name').evaluateAll((parts) =>
                parts.map((part) => ({
                    title: part.getAttribute('title'),
                    lines: part.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(part).lineHeight),
                })),
            );
            expect(listed.map((part) => part.title)).toEqual(names);
            for (const part of listed) expect(part.lines).toBeLessThanOrEqual(3.01);
            // Each name stays in its own step: the first ends before the second begins.
            expect(boxes.labels[0]?.right).toBeLessThanOrEqual(boxes.labels[1]?.left ?? 0);
            await screenshot(page, `live-view-long-steps-${viewport.width}.png`);
            expect(problems).toEqual([]);
        }
    });

    it('says when the run has gone quiet because its process died, and how old its figures are', async () => {
        const emulator = await PlatformEmulator.start();
        cleanup.push(() => emulator.close());
        const run = startFixture(emulator, 'live-view-exit', ['finish']);
        cleanup.push(() => {
            if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
        });
        const url = await run.ready;
        const { page, problems } = await openPage(await newContext(CONSOLE_FRAME), url);
        await expect.poll(() => dataValue(page, 'done'), POLL).toBe('3');
        expect(await textOf(page, '#status')).toBe('Running');

        run.child.kill('SIGKILL');
        await run.exited;
        await expect.poll(() => textOf(page, '#status'), POLL).toBe('No contact');
        expect(await page.locator('#status').getAttribute('title')).toBe('Last known: Running');
        expect(await textOf(page, '#age')).toMatch(/^ · no contact for \d+ s: the run's process may be gone$/);
        expect(await page.title()).toBe(`No contact · run ${emulator.runId}`);
        expect(await textOf(page, '#connection')).toBe('reconnecting…');
        // The last figures it had stay, with the time they were from.
        expect(await dataValue(page, 'done')).toBe('3');
        await screenshot(page, 'live-view-lost.png', true);
        // The browser's own notes of the connection that broke and the ones refused since.
        const broken = /ERR_CONNECTION_REFUSED|ERR_INCOMPLETE_CHUNKED_ENCODING/;
        expect(problems.filter((problem) => !broken.test(problem))).toEqual([]);
    });
});
