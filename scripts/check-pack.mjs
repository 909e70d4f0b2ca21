// Checks what `npm pack` would publish: the built code and its types, nothing else of the repo.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Every file of the live view's page, as src/live-view/assets.ts serves them (its `own('name')`
 * entries), read as text: this script runs on plain Node, without TypeScript.
 */
function livePageFiles() {
    const source = readFileSync(new URL('../src/live-view/assets.ts', import.meta.url), 'utf8');
    const names = [...source.matchAll(/\bown\('([^']+)'\)/g)].map((match) => match[1]);
    if (names.length === 0) throw new Error('src/live-view/assets.ts: no page files found (own(...) entries)');
    return names.map((name) => `dist/live-view/page/${name}`);
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** The bins' targets (`./dist/testing/cli.js`), as paths in the package. */
const binFiles = Object.values(pkg.bin ?? {}).map((path) => path.replace(/^\.\//, ''));

const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const files = report.files.map((file) => file.path).sort();
const allowed = (path) =>
    path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE', 'schema/progress.schema.json'].includes(path);
const unexpected = files.filter((path) => !allowed(path));
const required = [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/testing/index.js',
    'dist/testing/index.d.ts',
    'schema/progress.schema.json',
    ...livePageFiles(),
    ...binFiles,
    'LICENSE',
];
const missing = required.filter((path) => !files.includes(path));

console.log(
    `npm pack: ${files.length} files, ${(report.size / 1024).toFixed(1)} KiB packed, ${(report.unpackedSize / 1024).toFixed(1)} KiB unpacked`,
);
if (unexpected.length > 0) console.error(`not meant for publishing: ${unexpected.join(', ')}`);
if (missing.length > 0) console.error(`missing from the package: ${missing.join(', ')}`);
process.exit(unexpected.length > 0 || missing.length > 0 ? 1 : 0);
