/** Looking at the live page in Chromium as a person would: what it shows, and whether it all fits. */
import type { BrowserContext, Page } from 'playwright-core';

/** About the size of the run's Live view in the Console. */
export const CONSOLE_FRAME = { width: 1000, height: 600 };
/** A phone held upright. */
export const PHONE = { width: 390, height: 844 };

export interface PageWatch {
    page: Page;
    /** Console errors, uncaught errors, CSP violations and dialogs (an `alert` that ran). */
    problems: string[];
}

/** Opens `url` in a new page of `context`, noting every problem the page has. */
export async function openPage(context: BrowserContext, url: string): Promise<PageWatch> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
    page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
    });
    // Injected by the browser, not the page, so the page's CSP does not apply to it.
    await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
            console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
    });
    await page.goto(url);
    return { page, problems };
}

export const textOf = (page: Page, selector: string) => page.locator(selector).first().textContent();
export const dataValue = (page: Page, id: string) =>
    page.locator(`#${id}`).evaluate((element) => (element as HTMLElement).dataset.value ?? null);

/**
 * The figures whose text does not fit their box (cut, or spilling out of it): none on a page that
 * reads right. Each as "label: text".
 */
export function cutFigures(page: Page): Promise<string[]> {
    return page.locator('.stats > div:not([hidden])').evaluateAll((boxes) =>
        boxes.flatMap((box) => {
            const label = box.querySelector('dt')?.textContent ?? '?';
            const outer = box.getBoundingClientRect();
            return [...box.querySelectorAll('dt, dd')]
                .filter((part) => {
                    const inner = part.getBoundingClientRect();
                    const cut = part.scrollWidth > part.clientWidth + 1 || part.scrollHeight > part.clientHeight + 1;
                    const spills = inner.right > outer.right + 1 || inner.bottom > outer.bottom + 1;
                    return cut || spills;
                })
                .map((part) => `${label}: ${part.textContent}`);
        }),
    );
}

/**
 * The chart's count axis: the labels drawn and whether each fits the width given to the axis
 * (measured in the font they are drawn in).
 */
export function countAxis(page: Page): Promise<{ values: string[]; width: number; widest: number }> {
    return page.locator('#chart').evaluate((chart) => {
        const { values, width } = JSON.parse((chart as HTMLElement).dataset.countAxis ?? '{}') as {
            values: string[];
            width: number;
        };
        const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        context.font = `12px ${getComputedStyle(document.documentElement).fontFamily}`;
        const widest = Math.max(...values.map((value) => context.measureText(value).width));
        return { values, width, widest };
    });
}

/** The bottom edge of `selector` on the page, in CSS pixels from the top. */
export async function bottomOf(page: Page, selector: string): Promise<number> {
    const box = await page.locator(selector).first().boundingBox();
    return (box?.y ?? 0) + (box?.height ?? 0);
}

/** The value the chart's legend shows for a series ("Done", "Rate", ...). */
export function legendValue(page: Page, label: string): Promise<string | null> {
    return page
        .locator('#chart .u-legend .u-series')
        .evaluateAll(
            (rows, wanted) =>
                rows.find((row) => row.querySelector('.u-label')?.textContent === wanted)?.querySelector('.u-value')
                    ?.textContent ?? null,
            label,
        );
}
