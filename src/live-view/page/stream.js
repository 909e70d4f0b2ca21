// The page's connection to the run: one event stream (`events`) for every tab of this page in the
// browser. A browser opens at most 6 connections to one host over HTTP/1.1, as a local run is
// served, and each stream holds one for as long as the tab is open: with one stream per tab the
// 7th tab never loaded. So one tab (the one holding a Web Lock) holds the stream and hands what it
// gets to the others over a BroadcastChannel; when it closes, the next tab takes over. A browser
// without either (a page over plain HTTP on another machine's address) has each tab hold its own.

/**
 * How long the page waits before it opens the stream again after the browser gave up on it. A
 * browser reconnects a dropped stream by itself, but not after an answer that is not a stream (a 502
 * or 503 from the platform's proxy while the run moves to another server, a live view that was
 * closed): then the stream is CLOSED for good, and the page would say "reconnecting…" forever.
 */
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * Connects, and calls `on.state(state)` with the whole state (from the server's first event,
 * `toState` makes it the page's; or handed over by the tab holding the stream), `on.update(update)`
 * for each update, and `on.connection(name)` when the connection changes ('live', 'reconnecting').
 * `current()` gives this tab's state, for a tab that opens later.
 */
export function connect(on, toState, current) {
    const name = `actor-progress:${location.pathname}`;
    const shared = typeof BroadcastChannel === 'function' && navigator.locks?.request;
    const channel = shared ? new BroadcastChannel(name) : undefined;
    let holder = !shared;
    let connection = 'connecting';

    const tell = (message) => channel?.postMessage(message);
    const setConnection = (state) => {
        connection = state;
        on.connection(state);
        if (holder) tell({ type: 'connection', state });
    };

    if (channel) {
        channel.onmessage = ({ data }) => {
            if (holder) {
                // A tab that opened asks for the state so far.
                if (data.type === 'hello' && current()) tell({ type: 'state', state: current(), connection });
                return;
            }
            if (data.type === 'state') {
                on.state(data.state);
                on.connection(data.connection);
            } else if (data.type === 'update') on.update(data.update);
            else if (data.type === 'connection') on.connection(data.state);
        };
        tell({ type: 'hello' });
        navigator.locks.request(name, () => {
            holder = true;
            open();
            // Held for as long as the tab is open.
            return new Promise(() => {});
        });
    } else {
        open();
    }

    function open() {
        let failedOpens = 0;
        let reopenTimer;
        const start = () => {
            const events = new EventSource('events');
            events.addEventListener('init', (event) => {
                failedOpens = 0;
                const state = toState(JSON.parse(event.data));
                on.state(state);
                tell({ type: 'state', state, connection: 'live' });
                setConnection('live');
            });
            events.addEventListener('update', (event) => {
                const update = JSON.parse(event.data);
                on.update(update);
                tell({ type: 'update', update });
            });
            events.addEventListener('open', () => setConnection('live'));
            events.addEventListener('error', () => {
                setConnection('reconnecting');
                if (events.readyState !== EventSource.CLOSED || reopenTimer !== undefined) return;
                // With some jitter: many tabs of many people, one server.
                const wait = BACKOFF_MS[Math.min(failedOpens, BACKOFF_MS.length - 1)] * (0.8 + Math.random() * 0.4);
                failedOpens += 1;
                reopenTimer = setTimeout(() => {
                    reopenTimer = undefined;
                    start();
                }, wait);
            });
        };
        start();
    }
}
