import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';
import { RunFollower } from '../../src/scale-out/run-follower.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const apiPage = read('docs/api.md');

/** The names an index module exports, values and types, read from its `export { ... } from` lines. */
function exportedNames(path: string): string[] {
    const names: string[] = [];
    for (const [, list = ''] of read(path).matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s+from/g)) {
        for (const item of list.split(',')) {
            const name = item.trim().replace(/^type\s+/, '');
            if (name) names.push(name);
        }
    }
    return names;
}

/** Public methods and properties of a class: its prototype's own names, but the constructor. */
function publicMembers(type: { prototype: object }): string[] {
    return Object.getOwnPropertyNames(type.prototype).filter((name) => name !== 'constructor');
}

describe('docs/api.md', () => {
    it('names every method and property of ProgressReporter', () => {
        // endAtExit is the exit hook's own, not for users: it is on its way out of the public class.
        const members = publicMembers(ProgressReporter).filter((name) => name !== 'endAtExit');
        expect(members.length).toBeGreaterThan(30);
        expect(members.filter((name) => !apiPage.includes(`reporter.${name}`))).toEqual([]);
    });

    it('names every method and property of the follower followRuns() returns', () => {
        // onUpdate is a property set in the constructor (a bound function for apify-orchestrator).
        const members = [...publicMembers(RunFollower), 'onUpdate'];
        expect(members.filter((name) => !apiPage.includes(`follower.${name}`))).toEqual([]);
    });

    it('names every export of actor-progress', () => {
        const names = exportedNames('src/index.ts');
        expect(names.length).toBeGreaterThan(40);
        const named = (name: string) => apiPage.includes(`\`${name}\``) || apiPage.includes(`\`${name}(`);
        expect(names.filter((name) => !named(name))).toEqual([]);
    });
});
