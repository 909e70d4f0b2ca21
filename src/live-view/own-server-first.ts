import { type EventEmitter, errorMonitor } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'node:net';
import { type Binding, bindingOf, overlaps } from './listen-binding.js';

/** The live view's server gave its port up for good to another server of the process, before it ever listened. */
export class PortGivenUp extends Error {
    constructor(port: number) {
        super(`the live view gave port ${port} up`);
        this.name = 'PortGivenUp';
    }
}

/** A live view's hold on its port. */
interface Claim {
    readonly binding: Binding;
    /** The other server the port is lent to, until it is seen to keep it (or lets it go). */
    lentTo?: Server;
    lend(other: Server): void;
    /** Takes the port back from the server it is lent to (its `listen()` threw). */
    takeBack?: () => void;
}

/** The live views' claims; their servers never take a port from a live view. */
const claims = new Set<Claim>();
const liveViewServers = new WeakSet<Server>();
let patched = false;

/**
 * Makes every `listen()` of this process look first whether a live view holds the address it asks
 * for: if one does, the live view lets the port go at once (its listener closes synchronously, or
 * its pending start is cancelled) and the other `listen()` then runs untouched, so it behaves as
 * without the live view: bound before `listen()` returns, its own errors, `close()` and a second
 * server's `EADDRINUSE` as Node has them. The Actor's own server (Express, a Standby Actor) listens
 * on `ACTOR_WEB_SERVER_PORT` as the live view does; the Actor must never die of the live view.
 */
function installPatch(): void {
    if (patched) return;
    patched = true;
    const original = Server.prototype.listen;
    Server.prototype.listen = function listen(this: Server, ...args: unknown[]) {
        // A server already listening gets its ERR_SERVER_ALREADY_LISTEN from Node, and no port.
        const binding = liveViewServers.has(this) || this.listening ? undefined : bindingOf(args);
        const lent: Claim[] = [];
        if (binding) {
            for (const claim of claims)
                if (!claim.lentTo && claim.binding.port === binding.port && overlaps(claim.binding, binding)) {
                    claim.lend(this);
                    lent.push(claim);
                }
        }
        try {
            return original.apply(this, args as Parameters<typeof original>);
        } catch (error) {
            // Bad arguments (a port past 65535...): this server will not listen, so the port goes back.
            for (const claim of lent) claim.takeBack?.();
            throw error;
        }
    } as typeof original;
}

export interface YieldingOptions {
    /** Called when the port went for good to another server, or (with the error) could not be taken back. */
    onGaveUp(error?: Error): void;
    /** Aborted when the live view closes: the port is neither held nor taken back any more. */
    signal: AbortSignal;
}

/**
 * Listens with the live view's `server` on `port`, lending the port to any other server of the
 * process that asks for it. The borrower keeps it once it has been listening past its 'listening'
 * callbacks (one warning, through `onGaveUp`); one that closes or fails before (a port probe, as
 * get-port and detect-port do: listen, then close in the callback) gives it back, without a word.
 * Resolves once the server first listens; rejects with its listen error, or `PortGivenUp`.
 */
export function listenYielding(
    server: HttpServer,
    port: number,
    host: string | undefined,
    { onGaveUp, signal }: YieldingOptions,
): Promise<void> {
    installPatch();
    liveViewServers.add(server);
    const options = { port, ...(host === undefined ? {} : { host }) };
    return new Promise<void>((resolve, reject) => {
        let started = false;
        let active = true;
        const claim: Claim = {
            binding: { port, host, ipv6Only: false },
            lend: (other) => {
                claim.lentTo = other;
                server.close();
                watch(other);
            },
        };
        /** Holds the port no more: the server stops and its viewers' connections end. */
        const stop = (): void => {
            active = false;
            claims.delete(claim);
            claim.lentTo = undefined;
            server.close();
            server.closeAllConnections();
        };
        const failed = (error: Error): void => {
            stop();
            if (started) onGaveUp(error);
            else reject(error);
        };
        /** Gives the port back when `other` lets it go; leaves it to it when it keeps listening. */
        const watch = (other: Server): void => {
            // Typed as a plain emitter: `net.Server`'s overloads know no `errorMonitor`.
            const events: EventEmitter = other;
            const done = (): void => {
                other.off('close', back);
                events.off(errorMonitor, back);
                other.off('listening', kept);
            };
            const back = (): void => {
                done();
                if (claim.lentTo !== other) return;
                claim.lentTo = undefined;
                server.listen(options);
            };
            // After the 'listening' callbacks: a probe has closed in one of them by then.
            const kept = (): void => {
                setImmediate(() => {
                    if (claim.lentTo !== other || !other.listening) return;
                    done();
                    stop();
                    onGaveUp();
                    reject(new PortGivenUp(port));
                });
            };
            claim.takeBack = back;
            other.once('close', back);
            // Not an 'error' listener: an error nobody handles stays as uncaught as without the live view.
            events.once(errorMonitor, back);
            other.once('listening', kept);
        };
        server.on('listening', () => {
            started = true;
            resolve();
        });
        server.on('error', (error) => {
            if (active && !claim.lentTo) failed(error);
        });
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', () => {
            if (!active) return;
            stop();
            reject(signal.reason);
        });
        if (port !== 0) claims.add(claim);
        server.listen(options);
    });
}
