import { describeReason } from '../counting/describe-reason.js';
import type { OnceLog } from '../log/once-log.js';
import type { LiveViewOptions } from '../options/options.js';
import type { RequestHandler } from './handler.js';
import { LiveView } from './live-view.js';
import { type ListeningServer, listen } from './server.js';
import { listenSettings, localUrl } from './settings.js';
import type { LiveViewSource, PageSettings } from './source.js';

/** A reporter's live view: the state and handler, and the server when it listens. */
export interface LiveViewHandle {
    readonly view: LiveView;
    readonly handler: RequestHandler;
    /** The URL logged at start; undefined when not listening (no server asked, or the port was taken). */
    readonly url: Promise<string | undefined>;
    /** Stops sampling, ends the streams and closes the server. Idempotent. */
    close(): Promise<void>;
}

/**
 * Starts the live view for `source`. With `listenOptions` it also listens (see `listenSettings`)
 * and logs the URL once; a port already taken is one warning pointing to `liveViewHandler()`, and
 * the run goes on. Without, it only serves through the handler the Actor mounts on its own server.
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
        onError: (kind, error) =>
            log.warnOnce(`live-view-${kind}`, `Live view: ${kind} failed: ${describeReason(error)}`),
    });
    let server: Promise<ListeningServer | undefined> = Promise.resolve(undefined);
    let url: Promise<string | undefined> = Promise.resolve(undefined);
    if (listenOptions) {
        const settings = listenSettings(listenOptions, process.env, (message) =>
            log.warnOnce('live-view-env', message),
        );
        server = listen(view.handler, settings.port, settings.host).catch((error: NodeJS.ErrnoException) => {
            const taken = error.code === 'EADDRINUSE';
            log.warnOnce(
                'live-view-listen',
                `Live view: ${taken ? `port ${settings.port} is already in use` : `cannot listen on port ${settings.port} (${describeReason(error)})`}, so the page is not served; the run goes on. ` +
                    'If the Actor runs its own web server, serve the page from it with `reporter.liveViewHandler()`, or give the `liveView` option another port.',
            );
            return undefined;
        });
        url = server.then((listening) => {
            if (!listening) return undefined;
            const address = settings.containerUrl ?? localUrl(settings.host, listening.port);
            log.info(`Live view: ${address}`);
            return address;
        });
    }
    let closing: Promise<void> | undefined;
    return {
        view,
        handler: view.handler,
        url,
        close: () => {
            closing ??= (async () => {
                view.close();
                await (await server)?.close();
            })();
            return closing;
        },
    };
}
