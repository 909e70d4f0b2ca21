// `npm run test:matrix`: the versions the package claims, tested. The full suite runs on one Node with
// the locked peers (`npm test`); this runs a focused end-to-end set (real crawlers, real child
// processes, the real SDK and apify-client against the emulator) on the others:
//   - Node 22 and Node 24 (official binaries from npm), with the locked apify and crawlee;
//   - the lowest apify and crawlee the peer ranges allow (read from package.json), on Node 20;
//   - the registry's latest apify and crawlee, on Node 24 (skipped when they are the locked ones).
// The peers' cells run in a copy of the repository (scripts/matrix/peer-copy.mjs), so node_modules
// stays as locked. Prints a table of the results and writes it to <workdir>/results.md.
//
// Options: --cells node-22,lowest-peers (some cells only); --workdir <dir> (default: the system's
// temporary folder); anything after `--` goes to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeBinary, versionOf } from './matrix/node-binary.mjs';
import { copyWithPeers, installedVersions } from './matrix/peer-copy.mjs';

/**
 * The focused set: what touches the peers and Node itself. The crawler hook on Basic, Cheerio and Http
 * crawlers (it patches Crawlee internals); the wire through apify-client; every exit path in a child
 * process (the SDK's exit, fail, main, events); the progress record in the key-value store; a shared
 * request queue through the SDK; the example Actor end to end; the live view's HTTP server.
 */
const FOCUSED = [
    'test/crawlee/attach.test.ts',
    'test/crawlee/emulator.test.ts',
    'test/lifecycle/exit.test.ts',
    'test/lifecycle/events.test.ts',
    'test/record/wire.test.ts',
    'test/scale-out/shared-queue-on-emulator.test.ts',
    'test/example/actor.test.ts',
    'test/live-view/http.test.ts',
];

const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The lowest version a simple range allows: "^3.10.1" -> "3.10.1". A range of another shape is refused. */
function lowestOf(name) {
    const range = manifest.peerDependencies[name];
    const match = /^(?:\^|~|>=)?\s*(\d+\.\d+\.\d+)$/.exec(range ?? '');
    if (!match) throw new Error(`peer dependency ${name}: cannot read the lowest version of "${range}"`);
    return match[1];
}

function latestOf(name) {
    const run = spawnSync('npm', ['view', `${name}@latest`, 'version'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`npm view ${name}@latest: ${run.stderr}`);
    return run.stdout.trim();
}

const locked = { apify: manifest.devDependencies.apify, crawlee: manifest.devDependencies.crawlee };

const CELLS = [
    { name: 'node-22', node: '22', peers: undefined },
    { name: 'node-24', node: '24', peers: undefined },
    { name: 'lowest-peers', node: '20', peers: () => ({ apify: lowestOf('apify'), crawlee: lowestOf('crawlee') }) },
    { name: 'latest-peers', node: '24', peers: () => ({ apify: latestOf('apify'), crawlee: latestOf('crawlee') }) },
];

const { values, positionals } = parseArgs({
    options: { cells: { type: 'string' }, workdir: { type: 'string' } },
    allowPositionals: true,
});
const chosen = values.cells ? values.cells.split(',') : CELLS.map((cell) => cell.name);
const unknown = chosen.filter((name) => !CELLS.some((cell) => cell.name === name));
if (unknown.length > 0) throw new Error(`no such cell: ${unknown.join(', ')} (cells: ${CELLS.map((c) => c.name)})`);
const workdir = resolve(values.workdir ?? join(tmpdir(), 'actor-progress-matrix'));
mkdirSync(workdir, { recursive: true });

/** Runs the focused set in `dir` on `node`; returns vitest's counts and the time it took. */
function runFocused(node, dir, cell) {
    const report = join(workdir, `${cell}.json`);
    const started = Date.now();
    const run = spawnSync(
        node,
        [
            join(dir, 'node_modules/vitest/vitest.mjs'),
            'run',
            '--project',
            'library',
            '--reporter=dot',
            '--reporter=json',
            `--outputFile.json=${report}`,
            ...FOCUSED,
            ...positionals,
        ],
        { cwd: dir, stdio: 'inherit', env: { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}` } },
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    try {
        const result = JSON.parse(readFileSync(report, 'utf8'));
        return { ok: run.status === 0, passed: result.numPassedTests, failed: result.numFailedTests, seconds };
    } catch {
        return { ok: false, passed: 0, failed: Number.NaN, seconds };
    }
}

const rows = [];
for (const cell of CELLS.filter((c) => chosen.includes(c.name))) {
    const node = nodeBinary(cell.node, join(workdir, 'node'));
    const peers = cell.peers?.();
    const row = { cell: cell.name, node: versionOf(node) };
    if (peers && peers.apify === locked.apify && peers.crawlee === locked.crawlee) {
        rows.push({
            ...row,
            ...installedVersions(root),
            result: 'same as the locked peers: the full suite tests them',
        });
        continue;
    }
    console.log(
        `\n== ${cell.name}: Node ${row.node}${peers ? `, apify ${peers.apify}, crawlee ${peers.crawlee}` : ''}`,
    );
    const dir = peers ? join(workdir, cell.name) : root;
    let versions;
    try {
        versions = peers ? copyWithPeers(root, dir, peers) : installedVersions(root);
    } catch (error) {
        rows.push({ ...row, ...peers, result: `FAIL: could not install (${String(error).split('\n')[0]})` });
        continue;
    }
    const outcome = runFocused(node, dir, cell.name);
    const counts = `${outcome.passed} passed, ${outcome.failed} failed`;
    rows.push({ ...row, ...versions, result: `${outcome.ok ? 'pass' : 'FAIL'}: ${counts}, ${outcome.seconds} s` });
}

const columns = ['cell', 'node', 'apify', 'crawlee', '@crawlee/core', 'apify-client', 'result'];
const table = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((column) => row[column] ?? '').join(' | ')} |`),
].join('\n');
const summary = `Matrix (${FOCUSED.length} test files each), ${new Date().toISOString().slice(0, 10)}:\n\n${table}\n`;
writeFileSync(join(workdir, 'results.md'), summary);
console.log(`\n${summary}\n(also in ${join(workdir, 'results.md')})`);
process.exit(rows.some((row) => row.result.startsWith('FAIL')) ? 1 : 0);
