import type { LiveView } from './live-view.js';
import type { ListeningServer } from './server.js';

/** A port this process listens on for a live view, and the view it serves now. */
export interface PortHolder {
    /** The view whose page the port serves: the server hands each request to its handler. */
    view: LiveView;
    /** The server; undefined once it turned out it could not listen. */
    readonly listening: Promise<ListeningServer | undefined>;
    /** Set once the port went to the Actor's own server: nothing is served here any more. */
    gaveUp?: boolean;
    /** Lets the port go for good (the view closed): another server may take it without a word. */
    unclaim?: () => void;
}

/**
 * The live views' ports in this process. A process may make one reporter after another (the one-writer
 * rule asks to end the first before creating the next); the page belongs to the run, not to the first
 * reporter: when a reporter asks for a port that a reporter which has ended still holds, the port's
 * server goes on with the new reporter's view, and the page follows the run.
 */
const holders = new Map<number, PortHolder>();

/** The holder of `port` whose view has ended, if any: its port can be taken over. */
export function endedHolderOf(port: number): PortHolder | undefined {
    const holder = holders.get(port);
    return holder?.view.ended ? holder : undefined;
}

/** Registers `view` as serving `port` (0: a port of the system's choosing, never shared). */
export function holdPort(port: number, view: LiveView, listening: Promise<ListeningServer | undefined>): PortHolder {
    const holder: PortHolder = { view, listening };
    if (port !== 0) holders.set(port, holder);
    // A server that could not listen holds nothing.
    void listening.then((server) => {
        if (!server && holders.get(port) === holder) holders.delete(port);
    });
    return holder;
}

/** Forgets `holder` (its server is closing). */
export function releasePort(port: number, holder: PortHolder): void {
    if (holders.get(port) === holder) holders.delete(port);
}
