import { errorText } from '../counting/error-text.js';
import { Tally } from '../counting/tally.js';
import { ApifyApiTransport } from '../delivery/apify-transport.js';
import { warnDeliveryFailure } from '../delivery/failure-warning.js';
import { LogTransport } from '../delivery/log-transport.js';
import type { PlatformTarget } from '../delivery/platform-target.js';
import { Publisher, type PublisherSettings } from '../delivery/publisher.js';
import type { Transport } from '../delivery/transport.js';
import { defaultLog } from '../log/default-log.js';
import { OnceLog } from '../log/once-log.js';
import type { ResolvedOptions } from '../options/options.js';
import { createProgressRecord } from '../record/progress-record.js';
import type { RecordWriter } from '../record/record-writer.js';
import { describeValue } from '../shared/value-description.js';

/** What a reporter is made of, made from its options: its log, transport, tally, publisher and record writer. */

/** The reporter's log: warnings once per kind, with the run's secrets removed. */
export function runLog(options: Readonly<ResolvedOptions>, target: PlatformTarget | undefined): OnceLog {
    // The secrets a run holds: never in a log line, never in a status message.
    return new OnceLog(options.log ?? defaultLog, [
        target?.token,
        process.env.APIFY_TOKEN,
        process.env.APIFY_PROXY_PASSWORD,
    ]);
}

/** Where messages go: the `transport` option, else the Apify API when on the platform, else the log. */
export function chooseTransport(
    options: Readonly<ResolvedOptions>,
    target: PlatformTarget | undefined,
    log: OnceLog,
): Transport {
    return options.transport ?? (target ? new ApifyApiTransport(target) : new LogTransport(log));
}

/** The counts, with what they warn of worded for the log. */
export function createTally(options: Readonly<ResolvedOptions>, log: OnceLog): Tally {
    // The author's names show in every message, the record and the live view: secrets out first.
    const redact = (text: string) => log.redact(text);
    return new Tally({
        clock: options.clock,
        unit: [redact(options.unit[0]), redact(options.unit[1])],
        total: options.total,
        phases: options.phases?.map(redact),
        projection: options.projection,
        warnings: {
            overTotal: (handled, total) =>
                log.warnOnce(
                    'over-total',
                    `Counted ${handled} but the total is ${total}: showing the count as the total.`,
                ),
            badTotalFunction: (problem) =>
                log.warnOnce(
                    'bad-total-fn',
                    `The \`total\` function ${'threw' in problem ? `threw (${errorText(problem.threw)})` : `returned ${describeValue(problem.returned)}`}; treating the total as unknown.`,
                ),
        },
    });
}

/** The one place that decides what is sent and when, to `transport`, every text redacted. */
export function createPublisher(
    options: Readonly<ResolvedOptions>,
    transport: Transport,
    log: OnceLog,
    hooks: Pick<PublisherSettings, 'render' | 'onDelivered' | 'finalRecordAtExit'>,
): Publisher {
    return new Publisher({
        transport,
        intervalMs: options.intervalMs,
        requestTimeoutMs: options.requestTimeoutMs,
        maxAttempts: options.maxAttempts,
        terminalDeadlineMs: options.terminalDeadlineMs,
        maxMessageLength: options.maxMessageLength,
        redact: (text) => log.redact(text),
        render: hooks.render,
        onDelivered: hooks.onDelivered,
        finalRecordAtExit: hooks.finalRecordAtExit,
        onFailure: (failure, context) => warnDeliveryFailure(log, transport.name, failure, context),
    });
}

/** The progress record's writer, writing what `render` returns; undefined with `progressRecord: false`. */
export function createRecord(
    options: Readonly<ResolvedOptions>,
    log: OnceLog,
    render: () => unknown,
): RecordWriter | undefined {
    const { progressRecord } = options;
    return progressRecord === false
        ? undefined
        : createProgressRecord({
              key: progressRecord,
              intervalMs: options.recordIntervalMs,
              requestTimeoutMs: options.requestTimeoutMs,
              maxAttempts: options.maxAttempts,
              render,
              log,
          });
}
