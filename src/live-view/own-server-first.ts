import { Server } from 'node:net';

/** A live view's hold on a port, which it gives up when the Actor's own server asks for the port. */
export interface PortClaim {
    /** Frees the port: at once (undefined) or, while the live view's server is still starting, later. */
    giveUp(): Promise<void> | undefined;
}

/** The live views' servers: they never make another live view give its port up. */
const liveViewServers = new WeakSet<Server>();
const claims = new Map<number, PortClaim>();
let patched = false;

/** The port a `listen()` call asks for, when it is a number: not a pipe, a handle or port 0. */
function portOf(args: readonly unknown[]): number | undefined {
    const [first] = args;
    const raw = typeof first === 'object' && first !== null ? (first as { port?: unknown }).port : first;
    const port = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    return Number.isInteger(port) && port > 0 ? port : undefined;
}

/**
 * Makes every `listen()` of this process look first whether a live view holds the port it asks
 * for: if one does, the live view gives the port up and the other server gets it. The Actor's own
 * server (Express, a Standby Actor) listens on `ACTOR_WEB_SERVER_PORT` as the live view does; the
 * Actor must never die of the live view (`EADDRINUSE`), whichever of the two came first. Installed
 * once, by the first live view that listens; a listen on a port no live view holds goes through
 * untouched, and so does an error of the other server's own.
 */
function installPatch(): void {
    if (patched) return;
    patched = true;
    const original = Server.prototype.listen;
    Server.prototype.listen = function listen(this: Server, ...args: unknown[]) {
        const port = liveViewServers.has(this) ? undefined : portOf(args);
        const claim = port === undefined ? undefined : claims.get(port);
        if (port === undefined || !claim) return original.apply(this, args as Parameters<typeof original>);
        claims.delete(port);
        const freed = claim.giveUp();
        if (!freed) return original.apply(this, args as Parameters<typeof original>);
        // The live view's server is still starting: the other listens once it has stopped.
        freed
            .then(() => original.apply(this, args as Parameters<typeof original>))
            .catch((error: unknown) => this.emit('error', error));
        return this;
    } as typeof original;
}

/** Marks `server` as a live view's: it asks for ports like any other, and takes none from a live view. */
export function markLiveViewServer(server: Server): void {
    liveViewServers.add(server);
}

/**
 * Holds `port` for a live view until another server of the process asks for it; returns the
 * function that lets it go (the live view closed).
 */
export function claimPort(port: number, claim: PortClaim): () => void {
    installPatch();
    claims.set(port, claim);
    return () => {
        if (claims.get(port) === claim) claims.delete(port);
    };
}
