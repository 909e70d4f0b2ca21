import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ (see docs/architecture.md): counting -> wording -> delivery, with the crawler hook, the
 * exit paths and the features beside them, and the reporter on top. A folder may import itself and
 * the folders listed for it, nothing else; the files at the top of src/ may import anything.
 */
const ALLOWED: Record<string, readonly string[]> = {
    shared: [],
    log: [],
    counting: [],
    wording: ['counting', 'shared'],
    delivery: ['wording', 'counting', 'log', 'shared'],
    options: ['delivery', 'counting', 'log', 'shared'],
    crawlee: ['options', 'counting', 'log', 'shared'],
    lifecycle: ['delivery', 'wording', 'counting', 'log', 'shared'],
    'scale-out': ['crawlee', 'delivery', 'counting', 'shared'],
    record: ['delivery', 'counting', 'log', 'shared'],
    'live-view': ['options', 'wording', 'counting', 'log'],
    // The top layer, beside index.ts and with-progress.ts: the reporter and the parts it is wired
    // from.
    reporter: [
        'scale-out',
        'live-view',
        'record',
        'lifecycle',
        'crawlee',
        'options',
        'delivery',
        'wording',
        'counting',
        'log',
        'shared',
    ],
};

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(path);
        return entry.name.endsWith('.ts') ? [path] : [];
    });
}

/** Relative imports of a file, type-only ones included: a type import still ties the layers. */
function importsOf(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => match[1] ?? '');
    return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
}

/** 'counting' for src/counting/tally.ts; '' for a file at the top of src/. */
function folderOf(file: string): string {
    const parts = relative(SRC, file).split('/');
    return parts.length > 1 ? (parts[0] ?? '') : '';
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('the layers of src/', () => {
    it('has a rule for every folder', () => {
        const folders = new Set(files.map(folderOf).filter((folder) => folder !== ''));
        expect([...folders].filter((folder) => !(folder in ALLOWED))).toEqual([]);
    });

    it('never imports upwards or sideways', () => {
        const violations: string[] = [];
        for (const [file, imports] of graph) {
            const from = folderOf(file);
            if (from === '') continue;
            for (const target of imports) {
                const to = folderOf(target);
                if (to === from || ALLOWED[from]?.includes(to)) continue;
                violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
            }
        }
        expect(violations).toEqual([]);
    });

    it('has no import cycles', () => {
        const cycles: string[] = [];
        const state = new Map<string, 'visiting' | 'done'>();
        const stack: string[] = [];
        const visit = (file: string) => {
            if (state.get(file) === 'done') return;
            if (state.get(file) === 'visiting') {
                cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => relative(SRC, f)).join(' -> '));
                return;
            }
            state.set(file, 'visiting');
            stack.push(file);
            for (const target of graph.get(file) ?? []) visit(target);
            stack.pop();
            state.set(file, 'done');
        };
        for (const file of files) visit(file);
        expect(cycles).toEqual([]);
    });

    it('never imports the emulator, which is a package of its own (@actor-progress/emulator)', () => {
        const importers = files.filter((file) =>
            /from\s*'(@actor-progress\/emulator|[^']*packages\/emulator[^']*)'/.test(readFileSync(file, 'utf8')),
        );
        expect(importers.map((file) => relative(SRC, file))).toEqual([]);
    });

    it('resolves every relative import to a file in src/', () => {
        const missing = [...graph].flatMap(([file, imports]) =>
            imports.filter((target) => !graph.has(target)).map((target) => `${relative(SRC, file)} -> ${target}`),
        );
        expect(missing).toEqual([]);
    });
});
