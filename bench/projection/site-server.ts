import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SiteShape } from './shapes.js';

export interface ShapeServer {
    /** `http://127.0.0.1:PORT` */
    url: string;
    close(): Promise<void>;
}

/**
 * Serves a site shape on 127.0.0.1: each page is a small HTML page with its links as anchors, answered
 * after `delayMs`, so the crawl's pace is set by the site, as on the web, and not by the CPU. An
 * unknown path answers 404.
 */
export async function serveShape(site: SiteShape, delayMs: number): Promise<ShapeServer> {
    const index = new Map(site.paths.map((path, i) => [path, i]));
    const timers = new Set<NodeJS.Timeout>();
    const server = createServer((req, res) => {
        const page = index.get(req.url ?? '');
        const links = page === undefined ? undefined : (site.links[page] ?? []);
        const body =
            links === undefined
                ? '<!doctype html><title>Not found</title>'
                : `<!doctype html><title>${req.url}</title><ul>${links.map((to) => `<li><a href="${site.paths[to]}">${to}</a></li>`).join('')}</ul>`;
        const timer = setTimeout(() => {
            timers.delete(timer);
            res.writeHead(links === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(body);
        }, delayMs);
        timers.add(timer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: async () => {
            for (const timer of timers) clearTimeout(timer);
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            await closed;
        },
    };
}
