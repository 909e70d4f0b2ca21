import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ProgressReporter, RecordingTransport } from '../../src/index.js';

// A worker's document (the PROGRESS record, /progress.json) carries the whole crawl of its shared queue.
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/progress.schema.json'), 'utf8'));
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const validate = addFormats(new Ajv({ allErrors: true, strict: true, strictTuples: false })).compile(schema);
const problems = (document: unknown) =>
    validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe("a shared-queue worker's progress document", () => {
    it('has the whole crawl under sharedQueue, null figures before the queue was read, and fits the schema', () => {
        const reporter = new ProgressReporter({
            sharedQueue: { runs: 3 },
            transport: new RecordingTransport(),
            handleExit: false,
            persistStateKey: false,
            progressRecord: false,
        });
        reporter.advance(4);
        const unread = JSON.parse(JSON.stringify(reporter.progressDocument()));
        expect(unread.sharedQueue).toEqual({
            queueId: null,
            runs: 3,
            handled: null,
            total: null,
            totalIsEstimate: true,
        });
        expect(unread).toMatchObject({ done: 4, total: null });
        expect(problems(unread)).toEqual([]);

        const read = {
            ...unread,
            sharedQueue: { queueId: 'q1', runs: 3, handled: 40, total: 90, totalIsEstimate: true },
        };
        expect(problems(read)).toEqual([]);
        expect(problems({ ...read, sharedQueue: { ...read.sharedQueue, handled: -1 } })).not.toEqual([]);
        expect(problems({ ...read, sharedQueue: { queueId: 'q1' } })).not.toEqual([]);
        // Any other run: null.
        const plain = new ProgressReporter({
            transport: new RecordingTransport(),
            handleExit: false,
            progressRecord: false,
        });
        expect(plain.progressDocument().sharedQueue).toBeNull();
    });
});
