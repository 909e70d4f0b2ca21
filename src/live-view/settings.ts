import type { LiveViewOptions } from '../options/options.js';

/** The port the Apify SDK uses locally when the platform gives none. */
export const DEFAULT_PORT = 4321;

export interface ListenSettings {
    port: number;
    /** undefined: all interfaces. */
    host: string | undefined;
    /**
     * The run's container URL, when the server listens where the platform forwards it: on the
     * platform, on the port it gave. Otherwise the address is logged.
     */
    containerUrl: string | undefined;
}

function parsePort(text: string | undefined): number | undefined {
    if (text === undefined || !/^\d{1,5}$/.test(text.trim())) return undefined;
    const port = Number(text);
    return port <= 65535 ? port : undefined;
}

/**
 * Where to listen. The port: the option, then `ACTOR_WEB_SERVER_PORT`, then the older
 * `APIFY_CONTAINER_PORT` (apify 3.7.2's `Actor.config.get('containerPort')` prefers the older one;
 * the platform sets both alike), then 4321 as the SDK does locally. On the platform the container's
 * web server must answer on every interface; locally 127.0.0.1, so nothing is exposed on a network.
 * Pure: the environment is passed in. `warn` is told of a variable that holds no port.
 */
export function listenSettings(
    options: LiveViewOptions,
    env: NodeJS.ProcessEnv,
    warn: (message: string) => void,
): ListenSettings {
    const atHome = env.APIFY_IS_AT_HOME === '1' || env.APIFY_IS_AT_HOME === 'true';
    let envPort: number | undefined;
    for (const name of ['ACTOR_WEB_SERVER_PORT', 'APIFY_CONTAINER_PORT'] as const) {
        const value = env[name];
        if (value === undefined || value === '') continue;
        envPort = parsePort(value);
        if (envPort !== undefined) break;
        warn(`Live view: ${name}=${JSON.stringify(value)} is not a port; ignored.`);
    }
    const port = options.port ?? envPort ?? DEFAULT_PORT;
    const containerUrl = env.ACTOR_WEB_SERVER_URL || env.APIFY_CONTAINER_URL || undefined;
    const forwarded = atHome && envPort !== undefined && port === envPort;
    return {
        port,
        host: options.host ?? (atHome ? undefined : '127.0.0.1'),
        containerUrl: forwarded ? containerUrl : undefined,
    };
}

/** The address a person on this machine opens: wildcard hosts read as localhost. */
export function localUrl(host: string | undefined, port: number): string {
    const wildcard = host === undefined || host === '0.0.0.0' || host === '::';
    const name = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    return `http://${name}:${port}/`;
}
