import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('package.json'));
/** The README and CONTRIBUTING.md as one line of prose each: a phrase may wrap anywhere. */
const prose = (path: string) => read(path).replace(/\s+/g, ' ');

describe('the versions the docs state', () => {
    it('are the peer ranges package.json claims (which the CI matrix tests at their low end)', () => {
        for (const name of ['apify', 'crawlee']) {
            const range: string = manifest.peerDependencies[name];
            const lowest = /^\^(\d+)\.(\d+\.\d+)$/.exec(range);
            expect(lowest, `${name}: ${range}`).not.toBeNull();
            expect(prose('README.md')).toContain(
                `\`${name}\` (${lowest?.[1]}.${lowest?.[2]} or newer in ${lowest?.[1]}.x)`,
            );
            expect(prose('CONTRIBUTING.md')).toContain(`\`${name}\` \`${range}\``);
        }
    });

    it('the README names the Node.js versions package.json claims', () => {
        expect(manifest.engines.node).toBe('>=20');
        expect(prose('README.md')).toContain('Node.js 20 or newer');
    });
});
