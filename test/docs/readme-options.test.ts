import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/options/options.js';
import { KNOWN_OPTIONS } from '../../src/options/resolve.js';

/** The rows of the README's options table: option name -> its "default" cell. */
function readmeOptions(): Map<string, string> {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n## Options\n');
    if (start === -1) throw new Error('README.md has no "## Options" section');
    // The section runs to the next second-level heading, whatever it is called.
    const next = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, next === -1 ? undefined : next);
    const rows = new Map<string, string>();
    for (const line of section.split('\n')) {
        const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
        const name = cells[1]?.match(/^`(\w+)`$/)?.[1];
        if (name) rows.set(name, cells[3] ?? '');
    }
    return rows;
}

describe('the README options table', () => {
    it('lists exactly the options the reporter accepts', () => {
        expect([...readmeOptions().keys()].sort()).toEqual([...KNOWN_OPTIONS].sort());
    });

    it('gives the defaults the code applies', () => {
        const rows = readmeOptions();
        for (const [name, value] of Object.entries(DEFAULTS)) {
            const shown = typeof value === 'string' ? `\`'${value}'\`` : `\`${value}\``;
            expect(rows.get(name), name).toContain(shown);
        }
    });
});
