import type { ProgressLogger } from '../log/logger.js';
import type { StatusUpdate, Transport } from './transport.js';

/** For runs with no platform to talk to: each message is a line in the log, as the SDK prints them. */
export class LogTransport implements Transport {
    readonly name = 'log';
    readonly #log: Pick<ProgressLogger, 'info'>;

    constructor(log: Pick<ProgressLogger, 'info'>) {
        this.#log = log;
    }

    async send(update: StatusUpdate): Promise<void> {
        this.sendSync(update);
    }

    /** A log line is written synchronously: this works at process exit too. */
    sendSync(update: StatusUpdate): void {
        const tag = update.isStatusMessageTerminal ? '[Status message, terminal]' : '[Status message]';
        this.#log.info(`${tag}: ${update.statusMessage}`);
    }
}
