import { readFileSync } from 'node:fs';
import { validateInputSchema, validateInputUsingValidator } from '@apify/input_schema';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS, readInput } from '../../examples/crawler-actor/input.js';

// The example Actor's input schema as the platform checks it: `apify run`, `apify push` and a build
// validate .actor/input_schema.json with @apify/input_schema on Ajv's draft 2019 (apify-cli 1.10.0
// does it as below), and every run's input is validated against it before the Actor starts.

type Schema = Record<string, unknown> & {
    properties: Record<string, { type?: string; default?: unknown; prefill?: unknown; editor?: string }>;
    required?: string[];
};

const schema = JSON.parse(readFileSync(new URL('../../.actor/input_schema.json', import.meta.url), 'utf8')) as Schema;

/** The validator a run's input meets: as apify-cli builds it, fields with a default are not required. */
function inputValidator(ajv: Ajv2019) {
    const copy = structuredClone(schema);
    copy.required = (schema.required ?? []).filter((field) => schema.properties[field]?.default === undefined);
    delete copy.$schema;
    return ajv.compile(copy);
}

/**
 * The input of a run nobody changed the form of: each field's prefill where it has one (the
 * Console's form starts with it), else its default.
 */
function defaultInput(): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const [field, definition] of Object.entries(schema.properties)) {
        const value = definition.prefill ?? definition.default;
        if (value !== undefined) input[field] = value;
    }
    return input;
}

/** The errors the platform would answer for `input`, as "field: message". */
function inputErrors(input: Record<string, unknown>): string[] {
    const ajv = new Ajv2019({ strict: false, unicodeRegExp: false });
    validateInputSchema(ajv, schema);
    return validateInputUsingValidator(inputValidator(ajv), schema, input).map(
        (error) => `${error.fieldKey}: ${error.message}`,
    );
}

describe('.actor/input_schema.json as the platform checks it', () => {
    it('is a valid input schema (@apify/input_schema on Ajv draft 2019, as apify-cli 1.10.0)', () => {
        const ajv = new Ajv2019({ strict: false });
        expect(() => validateInputSchema(ajv, schema)).not.toThrow();
    });

    it('accepts the default input, and the example Actor reads it', () => {
        const input = defaultInput();
        expect(inputErrors(input)).toEqual([]);
        expect(readInput(input)).toMatchObject({ startUrls: [{ url: 'https://crawlee.dev/' }], ...INPUT_DEFAULTS });
    });

    it('rejects input the example Actor rejects, naming the field', () => {
        const input = { ...defaultInput(), maxConcurrency: 0 };
        expect(inputErrors(input)).toEqual([expect.stringMatching(/^maxConcurrency: .*maxConcurrency/)]);
        expect(() => readInput(input)).toThrow(/`maxConcurrency` must be a whole number from 1 to 200, got 0/);
        expect(inputErrors({ maxConcurrency: 5 })).toEqual([expect.stringMatching(/^startUrls: .*startUrls/)]);
    });

    it('has the defaults the example Actor applies', () => {
        const defaults = Object.fromEntries(
            Object.entries(schema.properties)
                .filter(([, definition]) => definition.default !== undefined)
                .map(([field, definition]) => [field, definition.default]),
        );
        expect(defaults).toEqual(INPUT_DEFAULTS);
    });
});
