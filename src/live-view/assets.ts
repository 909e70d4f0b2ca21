import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** A file of the page, read once and kept with its gzip form. */
interface Asset {
    type: string;
    body: Buffer;
    gzipped: Buffer;
    etag: string;
}

const require = createRequire(import.meta.url);
const own = (name: string) => fileURLToPath(new URL(`./page/${name}`, import.meta.url));

/**
 * A file of uPlot: the built package ships the two the page loads in `page/vendor/` (the build copies
 * them there); run from its sources in this repository, the library reads them from the uplot
 * development dependency instead.
 */
function uplot(name: string): string {
    const shipped = own(`vendor/${name}`);
    return existsSync(shipped) ? shipped : require.resolve(`uplot/dist/${name}`);
}

/**
 * Every file the page is made of, by the path it is served at; nothing else is ever read. uPlot is
 * shipped with the package (its license beside it), not loaded from a CDN: the page works offline
 * and inside the Console's frame.
 */
const FILES: Record<string, { file: () => string; type: string }> = {
    '/': { file: () => own('index.html'), type: 'text/html; charset=utf-8' },
    '/assets/page.css': { file: () => own('page.css'), type: 'text/css; charset=utf-8' },
    '/assets/parts.css': { file: () => own('parts.css'), type: 'text/css; charset=utf-8' },
    '/assets/side.css': { file: () => own('side.css'), type: 'text/css; charset=utf-8' },
    '/assets/page.js': { file: () => own('page.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/stream.js': { file: () => own('stream.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/state.js': { file: () => own('state.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/render.js': { file: () => own('render.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/side.js': { file: () => own('side.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/chart.js': { file: () => own('chart.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/chart-data.js': { file: () => own('chart-data.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/format.js': { file: () => own('format.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/uPlot.min.css': {
        file: () => uplot('uPlot.min.css'),
        type: 'text/css; charset=utf-8',
    },
    '/assets/uPlot.iife.min.js': {
        file: () => uplot('uPlot.iife.min.js'),
        type: 'text/javascript; charset=utf-8',
    },
};

export const ASSET_PATHS: readonly string[] = Object.keys(FILES);

async function load(path: string): Promise<Asset> {
    const entry = FILES[path];
    if (!entry) throw new Error(`not an asset: ${path}`);
    const body = await readFile(entry.file());
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    return { type: entry.type, body, gzipped: gzipSync(body, { level: 9 }), etag };
}

/**
 * The page's files, read on first use (a run nobody looks at reads none) and kept: about 75 KB,
 * 30 KB gzipped. Shared by every live view of the process.
 */
const cache = new Map<string, Promise<Asset>>();

export function isAsset(path: string): boolean {
    return Object.hasOwn(FILES, path);
}

export function loadAsset(path: string): Promise<Asset> {
    let asset = cache.get(path);
    if (!asset) {
        asset = load(path);
        cache.set(path, asset);
        // A failed read is tried again on the next request rather than kept.
        asset.catch(() => cache.delete(path));
    }
    return asset;
}
