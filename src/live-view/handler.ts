import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProgressDocument } from '../wording/document.js';
import { isAsset, loadAsset } from './assets.js';

/** The Console's origin: it shows the page in a frame (the run's Live view and Output tabs). */
const CONSOLE_ORIGIN = 'https://console.apify.com';

/**
 * The page loads its own scripts and styles from its own origin and nothing else: no inline script
 * or style, no other host. Data flows in through `connect-src 'self'` (the event stream). Framing is
 * allowed to the Console only.
 */
export const CONTENT_SECURITY_POLICY = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self' ${CONSOLE_ORIGIN}`,
].join('; ');

/** Sent with every answer. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The header the platform's readiness probe sends; it wants a 200, fast. */
export const READINESS_PROBE_HEADER = 'x-apify-container-server-readiness-probe';

interface LiveViewRoutes {
    /** The current snapshot with the last message. */
    document(): ProgressDocument;
    /** Opens an event stream on `res`; false when the live view is closed (it serves no stream any more). */
    openStream(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean;
    /** Told of a failure to serve, for the log. */
    onError(error: unknown): void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

function sendText(res: ServerResponse, req: IncomingMessage, status: number, text: string, extra = {}): void {
    const body = Buffer.from(text);
    res.writeHead(status, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        ...extra,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
}

async function sendAsset(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const asset = await loadAsset(path);
    const headers = {
        ...SECURITY_HEADERS,
        'Content-Type': asset.type,
        // Revalidated on every load (cheap with the ETag): a new version of the package shows at once.
        'Cache-Control': 'no-cache',
        ETag: asset.etag,
        Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === asset.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzipped : asset.body;
    res.writeHead(200, { ...headers, 'Content-Length': body.length, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
}

function sendDocument(req: IncomingMessage, res: ServerResponse, document: ProgressDocument): void {
    const body = Buffer.from(JSON.stringify(document));
    res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The path of a request target: `/progress.json?x=1` is `/progress.json`. Read as it is written, not
 * resolved as a URL: resolved, `//progress.json` is a host named "progress.json" with the path `/`,
 * and would have been answered with the page. The absolute form proxies send
 * (`http://host/progress.json`) counts by its path.
 */
function pathOf(target: string): string | undefined {
    if (/^https?:\/\//i.test(target)) {
        try {
            return new URL(target).pathname;
        } catch {
            return undefined;
        }
    }
    const path = target.split(/[?#]/, 1)[0] ?? '';
    return path.startsWith('/') ? path : undefined;
}

/**
 * The answer to a request whose Host header names another site: a page on another domain that
 * resolves its name to this machine (DNS rebinding) must not read a local run's progress.
 */
export function refuseHost(req: IncomingMessage, res: ServerResponse): void {
    sendText(res, req, 403, 'This live view answers requests for localhost only.\n');
}

/**
 * The live view's HTTP answers, as a plain Node `(req, res)` handler: `/` the page, `/progress.json`
 * the snapshot, `/events` the stream, `/assets/...` the page's files; 404 for anything else, 405 for
 * any method but GET and HEAD. Links in the page are relative, so the handler also works mounted
 * under a prefix by a router that strips it.
 */
export function createHandler(routes: LiveViewRoutes): RequestHandler {
    return (req, res) => {
        const method = req.method ?? 'GET';
        if (method !== 'GET' && method !== 'HEAD') {
            sendText(res, req, 405, 'Method not allowed.\n', { Allow: 'GET, HEAD' });
            return;
        }
        if (req.headers[READINESS_PROBE_HEADER] !== undefined) {
            sendText(res, req, 200, 'ok\n');
            return;
        }
        const path = pathOf(req.url ?? '/');
        if (path === undefined) {
            sendText(res, req, 400, 'Bad request.\n');
            return;
        }
        try {
            if (path === '/progress.json') {
                sendDocument(req, res, routes.document());
            } else if (path === '/events') {
                if (!routes.openStream(req, res, { ...SECURITY_HEADERS })) {
                    // Its reporter closed it (closeLiveView()): what is still served is the last state.
                    sendText(res, req, 503, 'The live view is closed: it sends no more updates.\n');
                }
            } else if (isAsset(path)) {
                sendAsset(req, res, path).catch((error: unknown) => {
                    routes.onError(error);
                    if (!res.headersSent) sendText(res, req, 500, 'The page could not be read.\n');
                    else res.destroy();
                });
            } else {
                sendText(res, req, 404, 'Not found.\n');
            }
        } catch (error) {
            routes.onError(error);
            if (!res.headersSent) sendText(res, req, 500, 'Internal error.\n');
            else res.destroy();
        }
    };
}
