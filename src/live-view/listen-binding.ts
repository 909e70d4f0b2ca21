import { isIP } from 'node:net';

/** Where a `listen()` asks to bind: a TCP port, and the addresses it covers. */
export interface Binding {
    port: number;
    /** undefined: every interface (`::`, dual-stack, as `listen()` without a host binds). */
    host: string | undefined;
    ipv6Only: boolean;
}

function portFrom(raw: unknown): number | undefined {
    const port = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    return Number.isInteger(port) && port > 0 ? port : undefined;
}

/**
 * What a `listen()` call asks for, read as Node's `net` reads its arguments: `(port, host?, ...)`
 * or `({ port, host, ipv6Only })`. Undefined for a pipe, a handle or port 0 (no port to share).
 */
export function bindingOf(args: readonly unknown[]): Binding | undefined {
    const [first, second] = args;
    if (typeof first === 'object' && first !== null) {
        const options = first as { port?: unknown; host?: unknown; ipv6Only?: unknown };
        const port = portFrom(options.port);
        const host = typeof options.host === 'string' && options.host !== '' ? options.host : undefined;
        return port === undefined ? undefined : { port, host, ipv6Only: options.ipv6Only === true };
    }
    const port = portFrom(first);
    const host = typeof second === 'string' && second !== '' ? second : undefined;
    return port === undefined ? undefined : { port, host, ipv6Only: false };
}

/** The addresses of one family a binding covers: none, all, or one (normalised). */
type Cover = false | 'all' | string;

/** What a binding covers in IPv4 and in IPv6, as Linux's `bind()` sees a conflict. */
function coverOf({ host, ipv6Only }: Binding): { v4: Cover; v6: Cover } {
    const address = host ?? '::';
    const family = isIP(address);
    if (family === 4) return { v4: address === '0.0.0.0' ? 'all' : address, v6: false };
    if (family === 6) {
        const normal = new URL(`http://[${address}]/`).hostname.slice(1, -1);
        if (normal === '::') return { v4: ipv6Only ? false : 'all', v6: 'all' };
        // An IPv4-mapped address binds an IPv4 one; which, read loosely: any.
        if (normal.startsWith('::ffff:')) return { v4: 'all', v6: false };
        return { v4: false, v6: normal };
    }
    // A name is looked up after `listen()` returns: it may bind any address.
    return { v4: 'all', v6: 'all' };
}

function meet(a: Cover, b: Cover): boolean {
    return a !== false && b !== false && (a === 'all' || b === 'all' || a === b);
}

/** Whether two bindings of one port would conflict (`EADDRINUSE`) if both listened. */
export function overlaps(a: Binding, b: Binding): boolean {
    const first = coverOf(a);
    const second = coverOf(b);
    return meet(first.v4, second.v4) || meet(first.v6, second.v6);
}
