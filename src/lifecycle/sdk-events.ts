import { Actor } from 'apify';

type Listener = (...args: unknown[]) => unknown;

interface EventSource {
    on(event: string, listener: Listener): void;
    off(event: string, listener: Listener): void;
}

/**
 * The event managers the SDK may emit on. Before `Actor.init()` the configuration hands out a local
 * one; on the platform `init()` swaps in the Actor's websocket-backed manager. Listening on both
 * means a reporter created before `Actor.init()` still hears `exit`, `aborting` and `migrating`.
 */
function sdkEventSources(): EventSource[] {
    const sources = new Set<EventSource>();
    try {
        sources.add(Actor.config.getEventManager());
        sources.add(Actor.getDefaultInstance().eventManager);
    } catch {
        // An SDK without these: there are no events to hear.
    }
    return [...sources];
}

interface SdkEventHandlers {
    exit?: (options: Record<string, unknown>) => Promise<void>;
    aborting?: () => Promise<void>;
    migrating?: () => Promise<void>;
    persistState?: (data: { isMigrating?: boolean } | undefined) => Promise<void>;
}

/**
 * Listens to the SDK's events. The listeners return promises: the SDK awaits `exit` listeners (and
 * `persistState`, `migrating` listeners before a reboot), which is what makes a final PUT reliable.
 * A listener must never reject: the event emitter would turn it into an `error` event.
 */
export function onSdkEvents(handlers: SdkEventHandlers): () => void {
    const sources = sdkEventSources();
    const subscriptions: [string, Listener][] = Object.entries(handlers)
        .filter((entry) => typeof entry[1] === 'function')
        .map(([event, handler]) => [
            event,
            (...args: unknown[]) => Promise.resolve((handler as Listener)(...args)).catch(() => {}),
        ]);
    for (const source of sources) for (const [event, listener] of subscriptions) source.on(event, listener);
    return () => {
        for (const source of sources) for (const [event, listener] of subscriptions) source.off(event, listener);
    };
}

/** Whether `Actor.init()` has run: storage may be touched only then. */
export function sdkInitialized(): boolean {
    try {
        return Actor.getDefaultInstance().initialized;
    } catch {
        return false;
    }
}
