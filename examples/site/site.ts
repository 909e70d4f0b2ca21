import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeSite, type SiteOptions, type SitePlan } from './plan.js';

export type { SiteOptions, SitePlan } from './plan.js';

export interface Site extends SitePlan {
    /** `http://127.0.0.1:PORT`, no trailing slash. */
    readonly url: string;
    /** Where a crawl starts: page 0, from which every page can be reached. */
    readonly startUrl: string;
    /** How many HTTP requests the site has answered, retries included. */
    readonly requestCount: number;
    /** Stops the server, cuts open connections and pending slow responses. Idempotent. */
    close(): Promise<void>;
}

/** Structured data as sites embed it; cut short on a broken page, so parsing it throws. */
function structuredData(index: number, broken: boolean): string {
    const json = JSON.stringify({ '@type': 'WebPage', position: index });
    return `<script type="application/ld+json">${broken ? json.slice(0, -4) : json}</script>`;
}

function pageHtml(title: string, links: readonly string[], data = ''): string {
    const anchors = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join('\n');
    return `<!doctype html>\n<html><head><title>${title}</title>${data}</head>\n<body><h1>${title}</h1>\n<ul>\n${anchors}\n</ul></body></html>\n`;
}

/**
 * Starts a small website on 127.0.0.1 (a random port) for demos, tests and benchmarks: `pages`
 * linked pages, some slow, a few always answering 500, optionally some never answering and some with
 * broken structured data, and links to pages that answer 404.
 * Everything about it is decided by the options, so every crawl of it sees the same site.
 */
export async function startSite(options: SiteOptions = {}): Promise<Site> {
    const plan = describeSite(options);
    const sockets = new Set<Socket>();
    const timers = new Set<NodeJS.Timeout>();
    let requestCount = 0;

    const respond = (res: ServerResponse, status: number, body: string) => {
        if (res.destroyed) return;
        res.writeHead(status, {
            'content-type': 'text/html; charset=utf-8',
            'content-length': Buffer.byteLength(body),
        });
        res.end(body);
    };

    const handle = (req: IncomingMessage, res: ServerResponse) => {
        requestCount++;
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        const page = plan.route(path);
        if (page.kind === 'missing') {
            respond(res, 404, pageHtml('Not found', []));
            return;
        }
        if (page.kind === 'failing') {
            respond(res, 500, 'Internal Server Error: this page always fails');
            return;
        }
        if (page.kind === 'hanging') return; // answered never: the connection is cut when the site closes
        const body = pageHtml(`Page ${page.index}`, page.links, structuredData(page.index, page.broken));
        if (page.delayMs <= 0) {
            respond(res, 200, body);
            return;
        }
        const timer = setTimeout(() => {
            timers.delete(timer);
            respond(res, 200, body);
        }, page.delayMs);
        timers.add(timer);
    };

    const server = createServer(handle);
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
        });
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;

    let closing: Promise<void> | undefined;
    const close = () => {
        closing ??= new Promise<void>((resolve) => {
            for (const timer of timers) clearTimeout(timer);
            timers.clear();
            server.close(() => resolve());
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
        });
        return closing;
    };

    return {
        ...plan,
        url,
        startUrl: `${url}${plan.startPath}`,
        get requestCount() {
            return requestCount;
        },
        close,
    };
}
