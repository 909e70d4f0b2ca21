/**
 * Waits `ms`, but is over at once when `signal` fires: a retry pause must not hold up the end of a
 * run. The timer is cleared either way, so an abandoned pause never keeps the process alive.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done);
    });
}
