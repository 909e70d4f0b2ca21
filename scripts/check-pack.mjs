// Checks what `npm pack` would publish: the built code and its types, nothing else of the repo.
import { execFileSync } from 'node:child_process';

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
    'dist/live-view/page/index.html',
    'dist/live-view/page/page.js',
    'LICENSE',
];
const missing = required.filter((path) => !files.includes(path));

console.log(
    `npm pack: ${files.length} files, ${(report.size / 1024).toFixed(1)} KiB packed, ${(report.unpackedSize / 1024).toFixed(1)} KiB unpacked`,
);
if (unexpected.length > 0) console.error(`not meant for publishing: ${unexpected.join(', ')}`);
if (missing.length > 0) console.error(`missing from the package: ${missing.join(', ')}`);
process.exit(unexpected.length > 0 || missing.length > 0 ? 1 : 0);
