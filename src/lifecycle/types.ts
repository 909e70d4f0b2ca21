import type { RunOutcome } from '../counting/outcome.js';
import type { ProgressState } from '../counting/saved-state.js';
import type { RunStatus } from '../counting/snapshot.js';
import type { ExitTerminalOutcome, TerminalOutcome } from '../delivery/publisher.js';
import type { OnceLog } from '../log/once-log.js';

/** What the exit handlers need from a reporter; the reporter is the only implementation. */
export interface LifecycleHost {
    readonly ended: boolean;
    /** "log" when messages go to the log (a local run): the log already shows the terminal message. */
    readonly transportName: string;
    readonly status: RunStatus;
    /** Sends the terminal message for `outcome`; the first call wins. Never rejects. */
    end(outcome: RunOutcome): Promise<TerminalOutcome>;
    /** How long the slowest of the latest API calls took, in ms; undefined before the first. */
    readonly slowestRecentCallMs: number | undefined;
    /** Sends the non-terminal migration notice at once. */
    markMigrating(): Promise<void>;
    exportState(): ProgressState;
    restoreState(): Promise<boolean>;
}

/**
 * At process exit with `exitCode`: delivers the terminal message synchronously (the one asked for
 * before if any, else the one for `outcome`; `outcome`'s when it replaces one, see the reporter), and
 * the final progress record. Runs the exit sequence once; never throws. Handed over apart from the
 * host: only the exit hook (and a crash handler reached while the process exits) may call it.
 */
type EndAtExit = (outcome: RunOutcome, budgetMs: number, exitCode: number) => ExitTerminalOutcome;

export interface LifecycleSettings {
    log: OnceLog;
    endAtExit: EndAtExit;
    /**
     * Sends "Time limit reached" ahead of the limit at `timeoutAt` (ms): terminal, since the platform
     * kills the run at the limit, but replaced by the run's real ending if it comes before the limit.
     * Handed over apart from the host: only the time limit may call it.
     */
    endAheadOfLimit: (timeoutAt: number) => void;
    /**
     * Stops the run's work from going on (an attached crawler starts no new request) and waits up to
     * `withinMs` for the work under way: a signal that ends the process must count what really
     * happened. Never rejects.
     */
    stopWork: (withinMs: number) => Promise<void>;
    /**
     * Sends the terminal message for `outcome` as `host.end()` does, its deadline counting from `since`
     * (when the signal came: the wait for the work under way is part of the ending's time). Handed
     * over apart from the host: only the signals call it.
     */
    endSince: (outcome: RunOutcome, since: number) => Promise<TerminalOutcome>;
    /** Whether every unit of a known total has been handled (see `isCompleted`). */
    completed: () => boolean;
    /** The longest the terminal message may take: the time limit's message goes out at most this much and a margin early. */
    terminalDeadlineMs: number;
    persistStateKey: string | false;
    /**
     * The run this reporter's messages go to (see `runOf`): after a run that finished, only the
     * latest reporter of each run keeps its exit hook (see after-finish.ts).
     */
    run: string;
}

/**
 * Shared between the handlers of one reporter: what they learnt that changes another one's wording.
 * A signal that someone else handles (Crawlee pauses on SIGINT, or the Actor's own handler exits)
 * leaves the run to end later; its terminal message then says it was interrupted rather than
 * finished, unless the run completed all the same.
 */
export interface ExitContext {
    /** The first SIGINT / SIGTERM the process got, whoever handled it. */
    interruptedBy: NodeJS.Signals | undefined;
    /** A second signal came while the run was ending: the process ends at once, the exit hook sends nothing. */
    forced: boolean;
    /** The save of the counts under way, which a signal during a migration lets finish. */
    saving: Promise<void> | undefined;
    /** The error `Actor.main()` logged before exiting with code 91. */
    mainError: unknown;
    /** The uncaught exception (or rejection) that makes the process exit with code 1, when one does. */
    crash: { error: unknown } | undefined;
}
