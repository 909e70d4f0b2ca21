// A copy of the repository with other versions of the peer dependencies (apify, crawlee) installed,
// so that the repository's own node_modules stays exactly as the lock file has it. The copy holds the
// files git knows of (committed or not, ignored ones left out) and installs only what the matrix's
// tests need: the build, lint, browser and packaging tools are left out.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Development dependencies the matrix's tests never load: left out of the copy's install. */
const NOT_NEEDED = [
    '@apify/input_schema',
    '@arethetypeswrong/cli',
    '@biomejs/biome',
    '@crawlee/memory-storage',
    '@vitest/coverage-v8',
    'apify-orchestrator',
    'esbuild',
    'playwright',
    'playwright-core',
    'publint',
    'puppeteer',
    'rollup',
    'rollup-plugin-dts',
];

/** The files of the working tree that git tracks or would track. */
function repositoryFiles(root) {
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
        cwd: root,
        encoding: 'utf8',
    });
    return listed.split('\0').filter((path) => path !== '');
}

/**
 * Copies the repository at `root` to `target` and installs it with `peers` ({ apify: '3.2.0', ... }:
 * exact versions) in place of the locked ones. Returns the versions npm resolved, as `npm ls` shows them.
 */
export function copyWithPeers(root, target, peers) {
    rmSync(target, { recursive: true, force: true });
    for (const path of repositoryFiles(root)) {
        mkdirSync(dirname(join(target, path)), { recursive: true });
        cpSync(join(root, path), join(target, path));
    }
    const manifestPath = join(target, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const name of NOT_NEEDED) delete manifest.devDependencies[name];
    for (const [name, version] of Object.entries(peers)) manifest.devDependencies[name] = version;
    // apify depends on @crawlee/core, types and utils by a range (^3.9.0 for apify 3.2.0), which npm
    // resolves to the newest, beside the exact ones of crawlee: two copies of @crawlee/core, and
    // Crawlee's own checks then fail ("Expected `config` to be of type `Configuration`"). An Actor of
    // those versions' time has one; so does the copy.
    if (peers.crawlee) {
        manifest.overrides = Object.fromEntries(
            ['@crawlee/core', '@crawlee/types', '@crawlee/utils'].map((name) => [name, peers.crawlee]),
        );
    }
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(join(target, 'package-lock.json'), { force: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
        cwd: target,
        stdio: ['ignore', 'ignore', 'inherit'],
    });
    return installedVersions(target);
}

/** The versions of the packages the library meets at run time, as installed in `dir`. */
export function installedVersions(dir) {
    const read = (name) => {
        try {
            return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
        } catch {
            return 'none';
        }
    };
    return {
        apify: read('apify'),
        crawlee: read('crawlee'),
        '@crawlee/core': read('@crawlee/core'),
        'apify-client': read('apify-client'),
    };
}
