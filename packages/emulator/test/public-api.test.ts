import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(path);
        return entry.name.endsWith('.ts') ? [path] : [];
    });
}

describe('@actor-progress/emulator', () => {
    it('exports PlatformEmulator, and nothing else at run time', async () => {
        const emulator = await import('../src/index.js');
        expect(Object.keys(emulator).sort()).toEqual(['PlatformEmulator']);
    });

    it('ships a bin, actor-progress-emulator, and depends on ws only', () => {
        const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        expect(pkg.bin).toEqual({ 'actor-progress-emulator': './dist/cli.js' });
        expect(Object.keys(pkg.dependencies)).toEqual(['ws']);
    });

    it('imports nothing of the library: it stands alone', () => {
        const importers = sourceFiles(join(ROOT, 'src')).filter((file) =>
            /from\s*'(actor-progress|[^']*\.\.\/\.\.\/\.\.\/src[^']*)'/.test(readFileSync(file, 'utf8')),
        );
        expect(importers).toEqual([]);
    });
});
