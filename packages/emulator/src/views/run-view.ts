import type { Run } from '../api-types.js';
import { formatEntries, formatStatusMessages } from '../format.js';
import { snapshotRun } from '../platform/run-data.js';
import { runEnv } from '../platform/run-env.js';
import type { RunRecord } from '../platform/run-record.js';
import type { AbortOptions, ApiCallCounts, EmulatedRun, RunInput } from '../run-types.js';
import type { FormatTimelineOptions, StatusMessageRecord, TimelineEntry } from '../types.js';

/** What a run view needs from the emulator around it. */
interface RunViewHost {
    apiUrl(): string;
    userId: string;
    /** Throws when the emulator was closed, naming the method. */
    assertOpen(method: string): void;
    isClosed(): boolean;
}

/** The public face of a run (`EmulatedRun`): reads its record, never hands out its internals. */
export class RunView implements EmulatedRun {
    readonly #record: RunRecord;
    readonly #host: RunViewHost;

    constructor(record: RunRecord, host: RunViewHost) {
        this.#record = record;
        this.#host = host;
    }

    get id(): string {
        return this.#record.id;
    }

    get token(): string {
        return this.#record.token;
    }

    get actorId(): string {
        return this.#record.data.actId;
    }

    get info(): Run {
        return snapshotRun(this.#record.data, new Date());
    }

    get input(): RunInput | undefined {
        return this.#record.input;
    }

    get timeline(): readonly TimelineEntry[] {
        return this.#record.timeline.entries;
    }

    env(): Record<string, string> {
        return runEnv(this.#record, this.#host.apiUrl(), this.#host.userId);
    }

    statusMessages(): StatusMessageRecord[] {
        return this.#record.console.statusMessages.map((record) => ({ ...record }));
    }

    formatTimeline(options: FormatTimelineOptions = {}): string {
        return options.all
            ? formatEntries(this.#record.timeline.entries)
            : formatStatusMessages(this.#record.console.statusMessages);
    }

    waitFor(predicate: (entries: readonly TimelineEntry[]) => boolean, timeoutMs = 10_000): Promise<void> {
        if (this.#host.isClosed()) return Promise.reject(new Error('waitFor called on a closed PlatformEmulator'));
        const { timeline } = this.#record;
        return timeline.waitFor(predicate, timeoutMs, () => formatEntries(timeline.entries) || '(empty)');
    }

    async waitForFinish(timeoutMs = 30_000): Promise<Run> {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
                const { status, statusMessage } = this.#record.data;
                reject(
                    new Error(
                        `Run ${this.id} did not finish within ${timeoutMs} ms (status ${status}, message "${statusMessage}")`,
                    ),
                );
            }, timeoutMs);
        });
        try {
            await Promise.race([this.#record.whenFinished(), timedOut]);
        } finally {
            clearTimeout(timer);
        }
        return this.info;
    }

    sendEvent(name: string, data?: unknown): void {
        this.#host.assertOpen('sendEvent');
        this.#record.sendEvent(name, data);
    }

    eventClients(): number {
        return this.#record.events.clientCount();
    }

    apiCalls(): ApiCallCounts {
        return this.#record.apiCalls();
    }

    log(): string {
        return this.#record.log.text();
    }

    async waitForLog(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
        const line = await this.#record.log.firstLine(pattern, timeoutMs);
        if (line !== undefined) return line;
        const why = this.#record.log.ended ? 'the run ended without it' : `not within ${timeoutMs} ms`;
        throw new Error(`Run ${this.id} did not log ${String(pattern)}: ${why}. Log so far:\n${this.log()}`);
    }

    finish(exitCode = 0): void {
        this.#host.assertOpen('finish');
        if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) {
            throw new TypeError(`Expected \`exitCode\` to be an integer from 0 to 255, got \`${exitCode}\``);
        }
        this.#record.finishByHand(exitCode);
    }

    async abort(options: AbortOptions = {}): Promise<Run> {
        this.#host.assertOpen('abort');
        this.#record.abort(options.gracefully === true);
        return this.info;
    }
}
