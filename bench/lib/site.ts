import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageSite {
    /** `http://127.0.0.1:PORT` */
    url: string;
    /** The URLs of pages 0..count-1. */
    pageUrls(count: number): string[];
    close(): Promise<void>;
}

export interface PageSiteOptions {
    /** How long each page takes to answer, ms. */
    delayMs: number;
    /** Pages `from` .. `from + count - 1` take `delayMs` instead: a stretch where the crawl makes no progress. */
    stall?: { from: number; count: number; delayMs: number };
}

/**
 * The smallest site a crawl can fetch: `/page/N` answers a short HTML page after `delayMs`,
 * so a crawl's pace is set by the site (like a real one) and not by how fast the CPU is.
 */
export async function startPageSite({ delayMs, stall }: PageSiteOptions): Promise<PageSite> {
    const timers = new Set<NodeJS.Timeout>();
    const delayOf = (path: string | undefined) => {
        const index = Number(/^\/page\/(\d+)$/.exec(path ?? '')?.[1] ?? -1);
        return stall && index >= stall.from && index < stall.from + stall.count ? stall.delayMs : delayMs;
    };
    const server = createServer((req, res) => {
        const timer = setTimeout(() => {
            timers.delete(timer);
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(`<!doctype html><title>${req.url}</title><p>Page ${req.url}</p>`);
        }, delayOf(req.url));
        timers.add(timer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        pageUrls: (count) => Array.from({ length: count }, (_, i) => `${url}/page/${i}`),
        close: async () => {
            for (const timer of timers) clearTimeout(timer);
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            await closed;
        },
    };
}
