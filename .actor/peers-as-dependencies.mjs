// Used by the Dockerfile before the production install. The example Actor uses this library as its
// users do, with apify and crawlee as dependencies of its own. Here they are the library's peer
// dependencies, pinned as dev dependencies for its tests, and npm counts a package that is both as
// dev: `npm ci --omit=dev` would leave them out. This makes each peer dependency a dependency, at
// its pinned version (the one the lock file holds), so that `npm ci --omit=dev` installs it and
// everything it needs exactly as locked, and nothing that only the library's tooling needs.
// (`npm pkg set` cannot do it: for a name that is also a peer, it writes the peer range instead.)
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2] ?? 'package.json';
const pkg = JSON.parse(readFileSync(path, 'utf8'));
for (const name of Object.keys(pkg.peerDependencies ?? {})) {
    const pinned = pkg.devDependencies?.[name];
    if (pinned === undefined) throw new Error(`${path}: peer dependency ${name} has no pinned dev version`);
    pkg.dependencies = { ...pkg.dependencies, [name]: pinned };
    delete pkg.devDependencies[name];
}
writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
