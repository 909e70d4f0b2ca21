import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../../examples/site/index.js';
import type { ProgressReporter } from '../../src/index.js';
import { createCrawler, recordingReporter, runAttached } from '../helpers/crawlers.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/progress.schema.json'), 'utf8')) as {
    required: string[];
};
// ajv-formats is CommonJS: its default export arrives wrapped.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTuples: false }));
const validate = ajv.compile(schema);

function problems(document: unknown): string[] {
    return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** As it would be written: through JSON. */
const asStored = (reporter: ProgressReporter) => JSON.parse(JSON.stringify(reporter.progressDocument())) as unknown;

let site: Site;

beforeAll(async () => {
    site = await startSite({ pages: 30, slowFraction: 0.2, slowDelayMs: 20, failingFraction: 0.1, missingLinks: 1 });
});

afterAll(async () => {
    await site?.close();
});

describe('schema/progress.schema.json', () => {
    it('accepts the documents of a real crawl, before, during and after it', async () => {
        const { reporter } = recordingReporter();
        const documents: unknown[] = [asStored(reporter)];
        const crawler = createCrawler('cheerio', {
            onRequest: () => {
                documents.push(asStored(reporter));
            },
        });
        await runAttached(reporter, crawler, [site.startUrl]);
        reporter.addItems(7);
        await reporter.finish();
        documents.push(asStored(reporter));
        expect(documents.length).toBeGreaterThanOrEqual(site.succeeding);
        expect(documents.flatMap(problems)).toEqual([]);
        expect(documents.at(-1)).toMatchObject({ status: 'finished', terminal: true, items: 7 });
    });

    it('accepts a run in steps that failed, with reasons of every kind', async () => {
        const { reporter } = recordingReporter({ phases: ['Listing', 'Scraping'] });
        reporter.phase('Listing', { total: 3, unit: 'categories' });
        reporter.advance(3);
        reporter.phase('Scraping');
        reporter.advance(10);
        reporter.fail(2, new TypeError('x is undefined'));
        reporter.fail(1, 'out of stock');
        reporter.fail(1);
        const documents = [asStored(reporter)];
        await reporter.end({ status: 'failed', reason: new Error('database gone') });
        documents.push(asStored(reporter));
        expect(documents.flatMap(problems)).toEqual([]);
        expect(documents.at(-1)).toMatchObject({
            status: 'failed',
            failures: [
                { reason: 'TypeError in the handler', count: 2 },
                { reason: 'out of stock', count: 1 },
                { reason: 'unknown', count: 1 },
            ],
            phase: { name: 'Scraping', index: 2, count: 2 },
            completedPhases: [{ name: 'Listing', done: 3, failed: 0, total: 3, unit: ['category', 'categories'] }],
            reason: 'Error: database gone',
        });
    });

    it('lists every field a document has as required, and rejects what is not a document', () => {
        const { reporter } = recordingReporter();
        const document = asStored(reporter) as Record<string, unknown>;
        expect(Object.keys(document).sort()).toEqual([...schema.required].sort());
        const { failures: _, ...withoutFailures } = document;
        expect(problems(withoutFailures)).toContain(" must have required property 'failures'");
        expect(problems({ ...document, status: 'done' })).toEqual([
            '/status must be equal to one of the allowed values',
        ]);
        expect(problems({ ...document, failures: [{ reason: '', count: 1 }] })).not.toEqual([]);
        // Readers must accept fields added later without a new version.
        expect(problems({ ...document, addedLater: true })).toEqual([]);
    });
});
