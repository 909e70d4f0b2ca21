import type { ProgressState } from '../counting/saved-state.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import type { OnceLog } from '../log/once-log.js';
import { argumentError } from '../options/arguments.js';
import type { ResolvedOptions } from '../options/options.js';
import { formatWithFallback } from '../wording/with-fallback.js';

/**
 * Formats with the user's `format` when given, falling back to the built-in wording if it throws.
 * Something that is not a snapshot is a TypeError (authors call `formatSnapshot()` themselves).
 */
export function formatSnapshotFor(
    snapshot: ProgressSnapshot,
    options: Readonly<ResolvedOptions>,
    log: OnceLog,
): string {
    if (typeof snapshot !== 'object' || snapshot === null || typeof snapshot.status !== 'string') {
        throw argumentError('formatSnapshot', [snapshot], 'snapshot must be a ProgressSnapshot (see snapshot())');
    }
    const { format, locale, maxMessageLength } = options;
    return formatWithFallback(snapshot, {
        format,
        locale,
        maxLength: maxMessageLength,
        progressSaved: options.persistStateKey !== false,
        showCharges: options.showCharges,
        onProblem: (kind, message) => log.warnOnce(kind, message),
    });
}

/**
 * The migration notice's snapshot: the counts saved when the migration began (`resumeAt`), which the
 * next start resumes from, in place of the live ones; for a worker on a shared queue, the whole
 * crawl's figures saved with them too (the least the next start shows), not those read since. Unchanged
 * when nothing was saved.
 */
export function atResumePoint(snapshot: ProgressSnapshot, resumeAt: ProgressState | undefined): ProgressSnapshot {
    if (!resumeAt) return snapshot;
    const { done, failed, retried, total, totalIsEstimate } = resumeAt;
    const live = snapshot.sharedQueue;
    const saved = resumeAt.sharedQueue;
    if (!live || !saved) return { ...snapshot, done, failed, retried, total, totalIsEstimate };
    // Firm only while the saved figures are the live ones and those are firm: once the crawl has moved
    // on, the saved total is a floor ("at least").
    const same = saved.handled === live.handled && saved.total === live.total;
    const sharedQueue = { ...live, ...saved, totalIsEstimate: !same || live.totalIsEstimate };
    return { ...snapshot, done, failed, retried, total, totalIsEstimate, sharedQueue };
}
