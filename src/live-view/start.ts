import cluster from 'node:cluster';
import { errorText } from '../counting/error-text.js';
import type { OnceLog } from '../log/once-log.js';
import type { LiveViewOptions } from '../options/options.js';
import { type RequestHandler, refuseHost } from './handler.js';
import { hostCheckFor } from './host-check.js';
import { LiveView } from './live-view.js';
import { PortGivenUp } from './own-server-first.js';
import { endedHolderOf, holdPort, type PortHolder, releasePort } from './port-holders.js';
import { listen } from './server.js';
import { type ListenSettings, listenSettings, localUrl } from './settings.js';
import type { LiveViewSource, PageSettings } from './source.js';

/** A reporter's live view: the state and handler, and the server when it listens. */
export interface LiveViewHandle {
    readonly view: LiveView;
    readonly handler: RequestHandler;
    /** The URL logged at start; undefined when not listening (no server asked, the port was taken, or given up to the Actor's own server). */
    readonly url: Promise<string | undefined>;
    /** Stops sampling, ends the streams and closes the server (unless another view took it over). Idempotent. */
    close(): Promise<void>;
}

/** Listens on the settings' port, with every request going to the view that holds the port now. */
function listenFor(view: LiveView, settings: ListenSettings, log: OnceLog): PortHolder {
    let holder: PortHolder | undefined;
    const hostAllowed = hostCheckFor(settings.host);
    const serve: RequestHandler = (req, res) => {
        if (hostAllowed && !hostAllowed(req.headers.host)) refuseHost(req, res);
        else (holder?.view ?? view).handler(req, res);
    };
    const closed = new AbortController();
    const server = listen(serve, settings.port, settings.host, {
        signal: closed.signal,
        onGaveUp: (error) => {
            if (holder) giveUpWarning(holder, settings.port, log, error);
        },
    }).catch((error: NodeJS.ErrnoException) => {
        // Given up (warned already) or closed before it listened: nothing more to say.
        if (error instanceof PortGivenUp || closed.signal.aborted) return undefined;
        const taken = error.code === 'EADDRINUSE';
        log.warnOnce(
            'live-view-listen',
            `Live view: ${taken ? `port ${settings.port} is already in use` : `cannot listen on port ${settings.port} (${errorText(error)})`}, so the page is not served; the run goes on. ` +
                'If the Actor runs its own web server, serve the page from it with `reporter.liveViewHandler()`, or give the `liveView` option another port.',
        );
        return undefined;
    });
    holder = holdPort(settings.port, view, server);
    holder.unclaim = () => closed.abort();
    return holder;
}

/** The way out a warning names when the port belongs to the Actor's own server. */
const SERVE_FROM_OWN_SERVER =
    "Serve the page from the Actor's server with `reporter.liveViewHandler()` (and leave the `liveView` option off).";

/**
 * The port went to the Actor's own server, which asked for it (see own-server-first.ts): one
 * warning, pointing to the way to serve the page from that server. The run goes on, and the view
 * still serves through `liveViewHandler()`.
 */
function giveUpWarning(holder: PortHolder, port: number, log: OnceLog, error: Error | undefined): void {
    holder.gaveUp = true;
    releasePort(port, holder);
    const what = error
        ? `port ${port} could not be taken back after another server of the Actor used it (${errorText(error)}), so the live view serves no page there`
        : `the Actor's own server listens on port ${port}, so the live view gave that port up and serves no page there`;
    log.warnOnce('live-view-listen', `Live view: ${what}; the run goes on. ${SERVE_FROM_OWN_SERVER}`);
}

/**
 * Starts the live view for `source`. With `listenOptions` it also listens (see `listenSettings`)
 * and logs the URL once; a port already taken is one warning pointing to `liveViewHandler()`, and
 * the run goes on, unless a reporter of this process that has ended holds it: then its server goes
 * on with this view (its viewers' streams end, and their browsers reconnect to this run's state).
 * Without `listenOptions`, it only serves through the handler the Actor mounts on its own server.
 */
export function startLiveView(
    source: LiveViewSource,
    page: PageSettings,
    listenOptions: LiveViewOptions | undefined,
    log: OnceLog,
): LiveViewHandle {
    const view = new LiveView({
        source,
        page,
        onError: (kind, error) => log.warnOnce(`live-view-${kind}`, `Live view: ${kind} failed: ${errorText(error)}`),
    });
    let holder: PortHolder | undefined;
    let port = 0;
    let url: Promise<string | undefined> = Promise.resolve(undefined);
    if (listenOptions) {
        const settings = listenSettings(listenOptions, process.env, (message) =>
            log.warnOnce('live-view-env', message),
        );
        port = settings.port;
        if (cluster.isWorker) {
            // A cluster's primary binds a port for all its workers: a live view listening there would
            // take it from the other workers' own servers (EADDRINUSE in them) or answer for their pages.
            log.warnOnce(
                'live-view-listen',
                `Live view: this process is a worker of a cluster (node:cluster), whose primary shares port ${port} among its workers, so the live view serves no page there; the run goes on. ` +
                    SERVE_FROM_OWN_SERVER,
            );
        } else {
            holder = endedHolderOf(port);
            if (holder) {
                const previous = holder.view;
                holder.view = view;
                previous.close();
            } else {
                holder = listenFor(view, settings, log);
            }
        }
        const held = holder;
        url = held
            ? held.listening.then((listening) => {
                  if (!listening || held.gaveUp) return undefined;
                  const address = settings.containerUrl ?? localUrl(settings.host, listening.port);
                  log.info(`Live view: ${address}`);
                  return address;
              })
            : Promise.resolve(undefined);
    }
    let closing: Promise<void> | undefined;
    return {
        view,
        handler: view.handler,
        get url() {
            return holder?.gaveUp ? Promise.resolve(undefined) : url;
        },
        close: () => {
            closing ??= (async () => {
                view.close();
                // Its server is closed only while it still serves this view: a later reporter may hold it now.
                if (!holder || holder.view !== view) return;
                releasePort(port, holder);
                holder.unclaim?.();
                await (await holder.listening)?.close();
            })();
            return closing;
        },
    };
}
