import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Items a push did not store because the run's maximum charge refused or cut them. On the platform the
 * SDK cuts a push to the default dataset deep inside `dataset.pushData()` (its patched dataset client
 * keeps only the items that fit, through the charging manager's `calculatePushDataLimits`), so the
 * item counter, which sees the push from outside, learns of the cut through this: it runs the push
 * in a context of its own, and the charging hook adds what it saw cut to the context it runs in.
 * A cut made outside a counted push (`Actor.pushData()` limits the items before it pushes them) is
 * noted nowhere: the push that follows already carries only what fits.
 */
const counting = new AsyncLocalStorage<{ refused: number }>();

/** Charging managers being watched: only then can a push be cut, and only then is it run in a context. */
let watchedManagers = 0;

/** A charging manager is watched from now until the returned function is called (once). */
export function watchingPushLimits(): () => void {
    watchedManagers++;
    let released = false;
    return () => {
        if (released) return;
        released = true;
        watchedManagers--;
    };
}

/** Whether a push may be cut by a maximum charge: there is a pay-per-event run being watched. */
export function pushesMayBeCut(): boolean {
    return watchedManagers > 0;
}

/** `n` items of the push running now were refused or cut by the maximum charge. */
export function noteRefusedItems(n: number): void {
    const store = counting.getStore();
    if (store !== undefined && n > 0) store.refused += n;
}

/**
 * Runs `push` (of `count` items) and counts what it stored: its items less those the maximum charge
 * refused or cut while it ran. Resolves as the push does.
 */
export async function countStored<T>(push: () => T, count: number, onSaved: (n: number) => void): Promise<Awaited<T>> {
    const store = { refused: 0 };
    const value = await counting.run(store, push);
    const stored = count - store.refused;
    if (stored > 0) onSaved(stored);
    return value;
}
