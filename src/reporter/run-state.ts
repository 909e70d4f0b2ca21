import { errorText } from '../counting/error-text.js';
import type { RunOutcome } from '../counting/outcome.js';
import type { ProgressState } from '../counting/saved-state.js';
import type { ProgressSnapshot, RunStatus } from '../counting/snapshot.js';
import type { Tally } from '../counting/tally.js';
import type { RunClaim } from '../delivery/claimed-runs.js';
import type { ExitTerminalOutcome, Publisher, TerminalOutcome } from '../delivery/publisher.js';
import type { ExitHandlers } from '../lifecycle/install.js';
import { keepSdkExitQuietAfterTerminal } from '../lifecycle/quiet-sdk-exit.js';
import type { OnceLog } from '../log/once-log.js';
import type { ResolvedOptions } from '../options/options.js';
import type { RecordWriter } from '../record/record-writer.js';
import type { CountSources } from './count-sources.js';
import { afterTerminal, checkedOutcome, repeatedEnd } from './ending.js';
import { atResumePoint } from './message-text.js';
import type { StallCheck } from './stall-check.js';

/** The outcome of a run the time limit stops: its message went out ahead of the limit. */
const TIMED_OUT: RunOutcome = { status: 'timed-out' };

export interface RunStateParts {
    options: Readonly<ResolvedOptions>;
    log: OnceLog;
    tally: Tally;
    counts: CountSources;
    publisher: Publisher;
    record: RecordWriter | undefined;
    stallCheck: StallCheck;
    /** The run the reporter claimed, when it writes through the Apify API (see one-writer-per-run.ts). */
    runClaim: RunClaim | undefined;
    /** The exit handlers while they are installed (`detachExitHandlers()` removes them). */
    exitHandlers: () => ExitHandlers | undefined;
    /** A snapshot as the message: the author's `format`, or the built-in wording. */
    format: (snapshot: ProgressSnapshot) => string;
    /** Lets go of what the run held once its terminal message is asked for: crawlers, charges, scale-out. */
    release: () => void;
}

/**
 * Where the run stands (running, migrating, how it ended), its snapshot and its message, and its
 * changes: the migration notice, the terminal message (`end()`), the time limit's message sent ahead
 * of the limit, and the exit hook's synchronous ending. Status and ending change together, after
 * everything that could go wrong: a reporter is never left "finished" but not ended.
 */
export class RunState {
    readonly #parts: RunStateParts;
    #status: RunStatus = 'running';
    /** Why the run failed or was aborted, redacted (see `#endReasonText`). */
    #endReason: string | undefined;
    /** The counts saved when the migration began: what the migration notice names. */
    #resumeAt: ProgressState | undefined;
    #ending: Promise<TerminalOutcome> | undefined;
    /** The terminal message and the final record are settled (landed or given up). */
    #settled = false;
    /** The snapshot the terminal message was made from: what the run ended with. */
    #finalSnapshot: ProgressSnapshot | undefined;
    /**
     * "Time limit reached" went out ahead of the limit (`until`, ms): until then the run is not over,
     * and its real ending replaces the message (see `endAheadOfLimit`).
     */
    #aheadOfLimit: { until: number } | undefined;
    /** What the exit sequence did: it runs once (the exit hook, or a crash handler during the exit). */
    #atExit: ExitTerminalOutcome | undefined;

    constructor(parts: RunStateParts) {
        this.#parts = parts;
    }

    get status(): RunStatus {
        return this.#status;
    }

    /** True once a terminal message was asked for. */
    get ended(): boolean {
        return this.#ending !== undefined;
    }

    /** Nothing is sent but the run's real ending: a terminal message was asked for, or the time limit's went out. */
    get closed(): boolean {
        return this.#ending !== undefined || this.#aheadOfLimit !== undefined;
    }

    /** See `ProgressReporter.snapshot`. */
    snapshot(): ProgressSnapshot {
        if (this.#finalSnapshot) return this.#finalSnapshot;
        this.#parts.counts.refresh();
        return this.#parts.tally.snapshot(this.#status, this.#endReason);
    }

    /** The message for the current state, as it would be sent. */
    render(): string {
        const { tally, counts, stallCheck } = this.#parts;
        counts.refresh(); // before the rate is observed, so it sees the latest counts
        tally.observeRate();
        stallCheck.rearm(this.#ending === undefined && this.#status === 'running');
        const snapshot = tally.snapshot(this.#status, this.#endReason);
        return this.#parts.format(this.#status === 'migrating' ? atResumePoint(snapshot, this.#resumeAt) : snapshot);
    }

    /** See `ProgressReporter.markMigrating`. */
    markMigrating(): Promise<void> {
        if (this.ended || this.#aheadOfLimit) return Promise.resolve();
        const { options, tally, counts, publisher, record } = this.#parts;
        this.#status = 'migrating';
        // Read in the same tick as the save that goes with the notice (see lifecycle/install.ts): the
        // notice names exactly the counts the next start resumes from, and keeps naming them while
        // work still trickles in before the stop. The count sources first, as `exportState()` does.
        counts.refresh();
        this.#resumeAt = tally.exportState();
        // The record follows the notice, so it holds the notice; it never holds the notice up.
        return publisher.sendNow(this.render()).then(() => record?.writeNow(options.requestTimeoutMs));
    }

    /**
     * See `ProgressReporter.end`. `since`: when the ending began, if before this call (a signal that
     * first let the work under way finish): the terminal deadline counts from there.
     */
    end(outcome: RunOutcome, { since }: { since?: number } = {}): Promise<TerminalOutcome> {
        if (this.#ending) return repeatedEnd(this.#ending);
        const { options, log, tally, counts, publisher, record, stallCheck } = this.#parts;
        const startedAt = Math.min(Date.now(), since ?? Number.POSITIVE_INFINITY);
        const limit = this.#aheadOfLimit;
        // Past the limit, the message sent ahead of it stands: the platform is ending the run.
        const checked = limit && startedAt >= limit.until ? TIMED_OUT : checkedOutcome(outcome, log);
        const { status, reason, message } = checked;
        const why = this.#endReasonText(reason);
        counts.refresh();
        const final = tally.snapshot(status, why);
        const text = message ?? this.#parts.format(final);
        stallCheck.stop();
        this.#status = status;
        this.#endReason = why;
        this.#finalSnapshot = final;
        // A real ending before the limit replaces the time limit's message: the run did not run out of time.
        const replace = limit !== undefined && status !== 'timed-out';
        // The exit handlers stay until the terminal message and the final record are settled: a signal
        // arriving meanwhile must wait for them rather than kill the process under them.
        // The built-in wording counts what happened until each attempt (work under way may finish while
        // a slow API is retried); the user's own words stand as they are.
        const reword = message === undefined ? () => this.#rewordFinal() : undefined;
        this.#ending = afterTerminal(publisher.terminate(text, { replace, reword, since: startedAt }), {
            startedAt,
            terminalDeadlineMs: options.terminalDeadlineMs,
            record,
            notLanded: () => {
                if (message === undefined) this.#rewordFinal();
            },
            settled: () => {
                this.#settled = true;
                this.#parts.exitHandlers()?.settled(this.#status === 'finished');
            },
        });
        this.#afterTerminalAsked();
        this.#parts.release(); // their counts are in the text: they are free for another reporter
        return this.#ending;
    }

    /**
     * The final snapshot again, with the counts of now, when they moved since it was made (the requests
     * under way at a signal finish after it): the terminal message's retries and the final record say
     * what really happened. Returns the new text, or undefined when the counts did not move.
     */
    #rewordFinal(): string | undefined {
        const before = this.#finalSnapshot;
        if (before === undefined || this.#atExit) return undefined;
        this.#parts.counts.refresh();
        const now = this.#parts.tally.snapshot(before.status, before.reason);
        if (sameFigures(now, before)) return undefined;
        this.#finalSnapshot = now;
        return this.#parts.format(now);
    }

    /**
     * Once the terminal message is asked for, nothing may follow it: the run stays claimed for the
     * life of the process, and (with the exit handlers on) the SDK's own exit message is kept quiet.
     */
    #afterTerminalAsked(): void {
        const { runClaim, log } = this.#parts;
        if (!runClaim) return;
        runClaim.markEnded();
        if (this.#parts.exitHandlers()) keepSdkExitQuietAfterTerminal(log);
    }

    /**
     * The end reason as the snapshot keeps it: its text with the run's secrets removed before any
     * wording cuts it to length (a cut would leave a piece of a secret that redaction no longer
     * recognises).
     */
    #endReasonText(reason: unknown): string | undefined {
        const text = errorText(reason);
        return text === undefined ? undefined : this.#parts.log.redact(text);
    }

    /**
     * For the time limit only (see lifecycle/time-limit.ts): "Time limit reached", terminal, sent ahead
     * of the limit at `until`. The run is not over: it counts on, the record says "timed-out", and
     * its real ending, if it comes before the limit, replaces the message (`end()`, the exit hook).
     */
    endAheadOfLimit(until: number): void {
        if (this.#ending || this.#aheadOfLimit || this.#status === 'migrating') return;
        const { options, tally, counts, publisher, record, stallCheck } = this.#parts;
        counts.refresh();
        const snapshot = tally.snapshot('timed-out', undefined);
        const text = this.#parts.format(snapshot);
        stallCheck.stop();
        this.#status = 'timed-out';
        this.#endReason = undefined;
        this.#aheadOfLimit = { until };
        // Not final: the run's real ending writes the final record, the same one if the limit stops it.
        void publisher.terminate(text).then(() => record?.writeNow(options.requestTimeoutMs));
        this.#afterTerminalAsked();
    }

    /**
     * For the exit hook only (the process is exiting under the reporter; see lifecycle/exit-hook.ts):
     * the publisher's exit sequence, for the terminal message asked for before, or the one for
     * `outcome`, within `budgetMs`; it runs once. `outcome` replaces the message asked for before when
     * the process's real ending contradicts it: the time limit's, sent ahead of a limit not reached,
     * and a "Finished" before an exit that fails (`exitCode` not 0: a crash, `Actor.fail()`, ...).
     * Never throws.
     */
    endAtExit(outcome: RunOutcome, budgetMs: number, exitCode: number): ExitTerminalOutcome {
        if (this.#atExit) return this.#atExit;
        const limit = this.#aheadOfLimit;
        const beforeLimit = limit !== undefined && Date.now() < limit.until && this.#ending === undefined;
        const failsAfterFinished = this.#ending !== undefined && this.#status === 'finished' && exitCode !== 0;
        // Settled with nothing to correct: the terminal message and the record are as they should be.
        if (this.#settled && !failsAfterFinished) return 'already-sent';
        const replace = beforeLimit || failsAfterFinished;
        let text = '';
        if (replace || (this.#ending === undefined && limit === undefined)) {
            this.#status = outcome.status;
            this.#endReason = this.#endReasonText(outcome.reason);
            this.#parts.counts.refresh();
            this.#finalSnapshot = this.#parts.tally.snapshot(this.#status, this.#endReason);
            text = outcome.message ?? this.#parts.format(this.#finalSnapshot);
        }
        const result = this.#parts.publisher.endAtExit(text, { budgetMs, replace });
        this.#atExit = result;
        this.#ending ??= Promise.resolve(result === 'unsupported' ? 'failed' : result);
        this.#parts.runClaim?.markEnded();
        return result;
    }
}

/** Whether two snapshots show the same figures (what the terminal message counts), whatever the clock says. */
function sameFigures(a: ProgressSnapshot, b: ProgressSnapshot): boolean {
    const figures = (s: ProgressSnapshot) =>
        JSON.stringify([
            s.done,
            s.failed,
            s.items,
            s.total,
            s.totalIsEstimate,
            s.failures,
            s.charged?.totalUsd ?? null,
        ]);
    return figures(a) === figures(b);
}
