import { isCompleted } from '../counting/outcome.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import type { Tally } from '../counting/tally.js';
import { releaseCrawlers, stopCrawlersWork } from '../crawlee/attach.js';
import type { ReporterPort } from '../crawlee/reporter-port.js';
import { readPlatformTarget } from '../delivery/platform-target.js';
import type { Publisher } from '../delivery/publisher.js';
import type { Transport } from '../delivery/transport.js';
import { type ExitHandlers, installExitHandlers } from '../lifecycle/install.js';
import type { LifecycleHost } from '../lifecycle/types.js';
import type { OnceLog } from '../log/once-log.js';
import type { ResolvedOptions } from '../options/options.js';
import type { RecordWriter } from '../record/record-writer.js';
import { ChargesWiring } from './charges-wiring.js';
import { CountSources } from './count-sources.js';
import { CountingCalls } from './counting-calls.js';
import { DeliveredMessages } from './delivered-messages.js';
import { chooseTransport, createPublisher, createRecord, createTally, runLog } from './made-from-options.js';
import { claimRunOrThrow, runOf } from './one-writer-per-run.js';
import { RunState } from './run-state.js';
import { ScaleOutWiring } from './scale-out-wiring.js';
import { StallCheck } from './stall-check.js';

/** What the parts call back on the reporter: its public methods (the reporter itself), and two of its own. */
interface ReporterHooks {
    reporter: ReporterPort &
        LifecycleHost & {
            snapshot(): ProgressSnapshot;
            progressDocument(): unknown;
            formatSnapshot(snapshot: ProgressSnapshot): string;
        };
    /** Says that something changed: a message (and a record) is due. */
    changed: () => void;
    /** The exit handlers while they are installed (`detachExitHandlers()` removes them). */
    exitHandlers: () => ExitHandlers | undefined;
}

/** The parts a reporter is wired from (see docs/architecture.md, "The reporter"). */
export interface ReporterParts {
    log: OnceLog;
    transport: Transport;
    tally: Tally;
    publisher: Publisher;
    /** The progress record's writer; undefined with `progressRecord: false`. */
    record: RecordWriter | undefined;
    counts: CountSources;
    counting: CountingCalls;
    messages: DeliveredMessages;
    scaleOut: ScaleOutWiring;
    /** Where the run stands, and how it ends. */
    run: RunState;
}

/**
 * Makes a reporter's parts from its options and connects them: each gets what it reads and the
 * callbacks it calls, so that none of them knows the others. Nothing here calls the reporter back
 * before it has its parts. Throws when another reporter already writes to the run (see
 * one-writer-per-run.ts), before any exit handler is installed.
 */
export function wireParts(options: Readonly<ResolvedOptions>, hooks: ReporterHooks): ReporterParts {
    const { reporter, changed } = hooks;
    const target = readPlatformTarget();
    const log = runLog(options, target);
    const transport = chooseTransport(options, target, log);
    const tally = createTally(options, log);
    const counts = new CountSources(log);
    const counting = new CountingCalls({ tally, log, changed, ended: () => reporter.ended });
    const charges = new ChargesWiring({ tally, touch: changed, addCountSource: (refresh) => counts.add(refresh) });
    const stallCheck = new StallCheck({ sinceProgressMs: () => tally.sinceProgressMs(), onDue: changed });
    const messages = new DeliveredMessages(log, (update) => {
        if (!update.isStatusMessageTerminal) record?.request(); // the final record is written by end()
    });
    const publisher = createPublisher(options, transport, log, {
        render: () => run.render(),
        onDelivered: (update) => messages.landed(update),
        // The exit sequence is the publisher's; the record is written in it through this hook.
        finalRecordAtExit: (untilAt, { again }) => record?.finishAtExit(untilAt, { again }),
    });
    const runClaim = claimRunOrThrow(transport, reporter);
    const scaleOut = new ScaleOutWiring({
        options,
        status: () => run.status,
        tally,
        changed,
        setUnit: (unit) => reporter.setUnit(unit),
        addCountSource: (refresh) => reporter.addCountSource(refresh),
        log,
    });
    const record = createRecord(options, log, () => reporter.progressDocument());
    const run = new RunState({
        options,
        log,
        tally,
        counts,
        publisher,
        record,
        stallCheck,
        runClaim,
        exitHandlers: hooks.exitHandlers,
        format: (snapshot) => reporter.formatSnapshot(snapshot),
        release: () => {
            releaseCrawlers(reporter);
            charges.release();
            scaleOut.release();
        },
    });
    return { log, transport, tally, publisher, record, counts, counting, messages, scaleOut, run };
}

/**
 * The exit handlers (the `handleExit` option), once the reporter has its parts: installed after
 * `Actor.init()`, they read a previous start's counts back at once.
 */
export function installExitHandlersFor(
    options: Readonly<ResolvedOptions>,
    { log, run, transport }: ReporterParts,
    reporter: ReporterHooks['reporter'],
): ExitHandlers {
    return installExitHandlers(reporter, {
        log,
        endAtExit: (outcome, budgetMs, exitCode) => run.endAtExit(outcome, budgetMs, exitCode),
        endAheadOfLimit: (timeoutAt) => run.endAheadOfLimit(timeoutAt),
        stopWork: (withinMs) => stopCrawlersWork(reporter, withinMs),
        endSince: (outcome, since) => run.end(outcome, { since }),
        completed: () => isCompleted(reporter.snapshot()),
        terminalDeadlineMs: options.terminalDeadlineMs,
        persistStateKey: options.persistStateKey,
        run: runOf(transport),
    });
}
