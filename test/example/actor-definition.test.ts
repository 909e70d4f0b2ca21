import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS } from '../../examples/crawler-actor/input.js';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../.actor/${name}`, import.meta.url), 'utf8'));

describe('the example Actor as the Console sees it (.actor/)', () => {
    it('links the live view from the Output tab: an output schema with {{run.containerUrl}}', () => {
        const actor = read('actor.json');
        expect(actor.output).toBe('./output_schema.json');
        const output = read('output_schema.json');
        expect(output.actorOutputSchemaVersion).toBe(1);
        expect(output.title).toEqual(expect.any(String));
        const templates = Object.values(output.properties as Record<string, { title: string; template: string }>);
        expect(templates.every((property) => property.title && property.template)).toBe(true);
        expect(templates.map((property) => property.template)).toContain('{{run.containerUrl}}');
    });

    it('has the input field liveView, a boolean defaulting to what the Actor defaults to', () => {
        const input = read('input_schema.json');
        expect(input.properties.liveView).toMatchObject({ type: 'boolean', default: INPUT_DEFAULTS.liveView });
        expect(INPUT_DEFAULTS.liveView).toBe(true);
    });
});
