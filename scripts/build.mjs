// `npm run build`: the package as published, small enough for an Actor's image (check:package holds
// it under 400 KB unpacked). The code is one ES module, dist/index.js, bundled by esbuild with
// apify, crawlee and Node's modules left as imports; whitespace is dropped but every name is kept, so
// a stack trace still names the function. The types are one file, dist/index.d.ts, rolled up from
// tsc's declarations with their documentation. The live view's page and the two files of uPlot it
// loads go to dist/page/, beside the bundle, where src/live-view/assets.ts looks for them; the page's
// own scripts and styles are minified there (names and all: they run in the viewer's browser, where
// nobody reads a stack trace, and they are a tenth of the package), each file on its own, its imports
// and exports as they are.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, transform } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });

await build({
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
});

const declarations = mkdtempSync(join(tmpdir(), 'actor-progress-types-'));
try {
    const tsc = require.resolve('typescript/bin/tsc');
    const { execFileSync } = await import('node:child_process');
    execFileSync(
        process.execPath,
        [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', declarations],
        {
            stdio: 'inherit',
        },
    );
    const bundle = await rollup({
        input: join(declarations, 'index.d.ts'),
        plugins: [dts()],
        external: (id) => !id.startsWith('.') && !id.startsWith('/'),
    });
    await bundle.write({ file: 'dist/index.d.ts', format: 'es' });
    await bundle.close();
} finally {
    rmSync(declarations, { recursive: true, force: true });
}

cpSync('src/live-view/page', 'dist/page', { recursive: true });
for (const name of readdirSync('dist/page')) {
    const loader = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : undefined;
    if (loader === undefined) continue;
    const file = join('dist/page', name);
    const { code } = await transform(readFileSync(file, 'utf8'), {
        loader,
        minify: true,
        format: loader === 'js' ? 'esm' : undefined,
        target: loader === 'js' ? 'es2020' : undefined,
        legalComments: 'none',
    });
    writeFileSync(file, code);
}
const vendor = 'dist/page/vendor';
mkdirSync(vendor, { recursive: true });
const uplotRoot = dirname(require.resolve('uplot/package.json'));
cpSync(join(uplotRoot, 'dist/uPlot.min.css'), join(vendor, 'uPlot.min.css'));
cpSync(join(uplotRoot, 'dist/uPlot.iife.min.js'), join(vendor, 'uPlot.iife.min.js'));
cpSync(join(uplotRoot, 'LICENSE'), join(vendor, 'uPlot.LICENSE'));
