// `npm run check:install`: what `npm install actor-progress --omit=dev` adds to an Actor, measured
// from a fresh Actor project shaped like Apify's TypeScript templates (apify and crawlee as its
// dependencies, at the versions this repository locks). Installs the project, then the package as
// `npm pack` makes it, and compares: the packages added (the bar: 1), the bytes of their files (the
// bar: 400 KB), and no bin. Needs the npm registry; takes a minute or two.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAX_ADDED_BYTES = 400_000;
const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Bytes of the files under `dir`, and what they take on disk (whole blocks). */
function sizeOf(dir) {
    let bytes = 0;
    let disk = 0;
    for (const name of readdirSync(dir, { recursive: true })) {
        const stat = lstatSync(join(dir, name));
        disk += stat.blocks * 512;
        if (stat.isFile()) bytes += stat.size;
    }
    return { bytes, disk };
}

/** The packages npm installed in `project`: those of its lock file that are on disk (dev ones are not). */
function installedPackages(project) {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    return Object.keys(lock.packages).filter((path) => path !== '' && existsSync(join(project, path)));
}

const npm = (args, cwd) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

const project = mkdtempSync(join(tmpdir(), 'actor-progress-install-'));
try {
    // What `apify create` with a TypeScript Crawlee template writes, at the peer versions locked here.
    const actor = {
        name: 'my-actor',
        version: '0.0.1',
        type: 'module',
        dependencies: { apify: manifest.devDependencies.apify, crawlee: manifest.devDependencies.crawlee },
        devDependencies: { '@apify/tsconfig': '^0.1.0', tsx: '^4.6.2', typescript: '~5.9.0' },
        scripts: { 'start:prod': 'node dist/main.js', build: 'tsc' },
    };
    writeFileSync(join(project, 'package.json'), `${JSON.stringify(actor, null, 4)}\n`);
    npm(['install', '--omit=dev'], project);
    const before = { packages: installedPackages(project), size: sizeOf(join(project, 'node_modules')) };

    const tarball = npm(['pack', '--pack-destination', project, '--silent'], root).trim().split('\n').at(-1);
    npm(['install', '--omit=dev', join(project, tarball)], project);
    const after = { packages: installedPackages(project), size: sizeOf(join(project, 'node_modules')) };

    const added = after.packages.filter((path) => !before.packages.includes(path));
    const bytes = after.size.bytes - before.size.bytes;
    const disk = after.size.disk - before.size.disk;
    const kib = (value) => `${(value / 1024).toFixed(1)} KiB`;
    console.log(
        `An Actor with apify ${actor.dependencies.apify} and crawlee ${actor.dependencies.crawlee} (${before.packages.length} packages):`,
    );
    console.log(
        `npm install ${tarball} --omit=dev added ${added.length} package(s) (${added.join(', ')}): ` +
            `${bytes.toLocaleString('en-US')} bytes in files (${kib(bytes)}), ${kib(disk)} on disk ` +
            `(the package's own files: ${kib(sizeOf(join(project, 'node_modules', 'actor-progress')).bytes)})`,
    );
    const problems = [];
    if (added.length !== 1) problems.push(`added ${added.length} packages, not 1: ${added.join(', ')}`);
    if (bytes > MAX_ADDED_BYTES) problems.push(`added ${bytes} bytes, over ${MAX_ADDED_BYTES}`);
    const bins = join(project, 'node_modules', '.bin');
    const binsAfter = existsSync(bins) ? readdirSync(bins) : [];
    if (binsAfter.some((name) => name.includes('actor-progress'))) problems.push(`a bin: ${binsAfter.join(', ')}`);
    for (const problem of problems) console.error(problem);
    process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
    rmSync(project, { recursive: true, force: true });
}
