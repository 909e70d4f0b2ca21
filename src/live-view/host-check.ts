/** Names that always mean this machine. */
const LOOPBACK_NAMES = /^(?:localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function isLoopback(host: string): boolean {
    return LOOPBACK_NAMES.test(host) || host === '::1';
}

/** The name in a Host header, without the port: `localhost:4321` is `localhost`, `[::1]:80` is `[::1]`. */
function hostName(header: string): string {
    const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':', 1)[0];
    return (name ?? '').toLowerCase();
}

/**
 * For a server listening on a loopback address (a local run, the default), the check of each
 * request's Host header: only a name of this machine passes. A browser sends the name it looked
 * up, so a page on another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) is
 * turned away, while the person on this machine opening http://localhost:4321/ or
 * http://127.0.0.1:4321/ is not. A request with no Host header (HTTP/1.0 tools) is not a
 * browser's and passes. Undefined (no check) for a server that listens on every interface (on the
 * platform, behind its proxy, or on purpose on a network), which is reached by other names.
 */
export function hostCheckFor(listenHost: string | undefined): ((header: string | undefined) => boolean) | undefined {
    if (listenHost === undefined || !isLoopback(listenHost)) return undefined;
    return (header) => header === undefined || header === '' || isLoopback(hostName(header));
}
