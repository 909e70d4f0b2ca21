// Checks what `npm pack` would publish: the built code and its types, nothing else of the repo, no
// emulator code, and within the size an Actor's production install can afford (400 KB unpacked).
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
    return [...names, 'vendor/uPlot.min.css', 'vendor/uPlot.iife.min.js', 'vendor/uPlot.LICENSE'].map(
        (name) => `dist/page/${name}`,
    );
}

/** The most an install of the package may add to an Actor's image, dependencies included (it has none). */
const MAX_UNPACKED_BYTES = 400_000;

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const files = report.files.map((file) => file.path).sort();
const allowed = (path) =>
    path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE', 'schema/progress.schema.json'].includes(path);
const unexpected = files.filter((path) => !allowed(path));
const required = ['dist/index.js', 'dist/index.d.ts', 'schema/progress.schema.json', ...livePageFiles(), 'LICENSE'];
const missing = required.filter((path) => !files.includes(path));
/** The emulator is its own package (@actor-progress/emulator): none of its code may ship here. */
const emulatorFiles = files.filter((path) => /(^|\/)(testing|emulator)(\/|\.|$)/.test(path));
const problems = [];
if (unexpected.length > 0) problems.push(`not meant for publishing: ${unexpected.join(', ')}`);
if (missing.length > 0) problems.push(`missing from the package: ${missing.join(', ')}`);
if (emulatorFiles.length > 0) problems.push(`emulator code in the library's package: ${emulatorFiles.join(', ')}`);
if (pkg.bin !== undefined) problems.push('the library has no bin (the emulator package has it)');
const dependencies = Object.keys(pkg.dependencies ?? {});
if (dependencies.length > 0) problems.push(`production dependencies: ${dependencies.join(', ')} (it has none)`);
if (report.unpackedSize > MAX_UNPACKED_BYTES)
    problems.push(`${report.unpackedSize} bytes unpacked, over the ${MAX_UNPACKED_BYTES} an install may add`);

console.log(
    `npm pack: ${files.length} files, ${(report.size / 1024).toFixed(1)} KiB packed, ${(report.unpackedSize / 1024).toFixed(1)} KiB unpacked`,
);
for (const problem of problems) console.error(problem);
process.exit(problems.length > 0 ? 1 : 0);
