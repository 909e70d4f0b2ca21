import type { EarlierRunsState } from '../counting/earlier-runs.js';
import type { CrawlDiscovery } from '../counting/projected-end.js';
import type { FailureCount } from '../counting/snapshot.js';
import type { Unit } from '../counting/units.js';
import type { ResolvedOptions } from '../options/options.js';

/**
 * What the crawler hook needs from a reporter: a `ProgressReporter` in practice. Declared here, on
 * the hook's side, so that the hook never imports the reporter that installs it.
 */
export interface ReporterPort {
    readonly options: Pick<Readonly<ResolvedOptions>, 'log' | 'total' | 'unitWasSet' | 'projection'>;
    /** True once the reporter has ended: its crawlers are free to be attached elsewhere. */
    readonly ended: boolean;
    setUnit(unit: Unit): void;
    setTotal(total: number | undefined, options?: { estimate?: boolean }): void;
    setCounts(counts: { done?: number; failed?: number; retried?: number; failures?: readonly FailureCount[] }): void;
    /** What the crawl's links said so far, for the projection of a growing total. */
    setDiscovery(discovery: CrawlDiscovery | undefined): void;
    /** Counts items saved. Cheap: called once per `pushData`. */
    addItems(n: number): void;
    /** Registers a function that brings the counts up to date; it runs before every message. */
    addCountSource(refresh: () => void): () => void;
    /** Says that a count source has something new. Cheap: called once per finished request. */
    touch(): void;
}

/**
 * Where the crawlers' earlier runs are kept across a migration: the reporter's saved state (see
 * counting/earlier-runs.ts). Passed to `attach` beside the port, not a method of the reporter's own.
 */
export type SavedEarlierRuns = Pick<EarlierRunsState, 'restored' | 'setThisStart'>;
