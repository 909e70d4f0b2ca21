import { Actor } from 'apify';
import { type ProgressState, parseProgressState } from '../counting/saved-state.js';
import type { OnceLog } from '../log/once-log.js';
import { sdkInitialized } from './sdk-events.js';

/**
 * Saves the counts in the default key-value store. Best effort: a failure is logged once and the
 * run goes on. Skipped before `Actor.init()`, when the SDK would open the wrong store (and refuse
 * to initialise afterwards).
 */
export async function saveProgressState(key: string, state: ProgressState, log: OnceLog): Promise<void> {
    if (!sdkInitialized()) return;
    try {
        await Actor.setValue(key, state);
    } catch (error) {
        log.warnOnce('persist-save', `Could not save progress under ${key}: ${String(error)}. The Actor carries on.`);
    }
}

/** Reads what a previous start saved, or undefined (nothing there, unusable, or no `Actor.init()` yet). */
export async function loadProgressState(key: string, log: OnceLog): Promise<ProgressState | undefined> {
    if (!sdkInitialized()) {
        log.warnOnce('persist-no-init', 'Progress from a previous start can only be restored after Actor.init().');
        return undefined;
    }
    try {
        const value = await Actor.getValue(key);
        if (value === null || value === undefined) return undefined;
        const state = parseProgressState(value);
        if (!state) log.warnOnce('persist-bad', `Ignored the saved progress under ${key}: not in a known format.`);
        return state;
    } catch (error) {
        log.warnOnce('persist-load', `Could not read progress under ${key}: ${String(error)}. Counting from zero.`);
        return undefined;
    }
}
